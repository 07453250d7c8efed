package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.snapshot.SqlLexer.Kind;
import io.pgsnap.snapshot.SqlLexer.LexException;
import io.pgsnap.snapshot.SqlLexer.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {
  private static List<String> values(String sql) throws LexException {
    return SqlLexer.tokens(sql).stream().map(Token::value).toList();
  }

  private static List<Kind> kinds(String sql) throws LexException {
    return SqlLexer.tokens(sql).stream().map(Token::kind).toList();
  }

  private static String rejection(String sql) {
    return assertThrows(LexException.class, () -> SqlLexer.tokens(sql)).getMessage();
  }

  @Test
  void wordsFoldToLowerCaseAndQuotedIdentifiersKeepTheirCaseAndLoseTheirQuotes() throws Exception {
    assertEquals(
        List.of("create", "table", "My \"T\"", ".", "x"),
        values("CREATE Table \"My \"\"T\"\"\".x"));
  }

  @Test
  void commentsAndWhitespaceAreDropped() throws Exception {
    assertEquals(List.of("a", "b", "c"), values("a -- ; line\n b /* ; block */\t\fc"));
  }

  @Test
  void aLineCommentEndsAtACarriageReturn() throws Exception {
    assertEquals(List.of("a", ";", "b"), values("a -- comment\r; b"));
  }

  @Test
  void blockCommentsNest() throws Exception {
    assertEquals(List.of("a", "b"), values("a /* outer /* inner */ ; still comment */ b"));
  }

  @Test
  void aSemicolonInAStringIsPartOfTheString() throws Exception {
    assertEquals(List.of(Kind.STRING), kinds("'it''s; not the end'"));
  }

  @Test
  void aBackslashEscapesAQuoteOnlyInAnEscapeString() throws Exception {
    // standard string: the backslash is a character and the quote ends the string
    assertEquals(List.of("'a\\'", ";", "b"), values("'a\\'; b"));
    // escape string: \' is a quote inside it
    assertEquals(List.of(Kind.STRING), kinds("E'a\\'; b'"));
  }

  @Test
  void dollarQuotedStringsEndOnlyAtTheirOwnTag() throws Exception {
    assertEquals(
        List.of(Kind.STRING, Kind.PUNCTUATION, Kind.WORD),
        kinds("$f$ select 1; $$ nested $$ $f$; x"));
  }

  @Test
  void aDollarSignInsideAWordDoesNotStartAQuote() throws Exception {
    assertEquals(List.of("a$b", ";", "c$"), values("a$b; c$"));
  }

  @Test
  void aDollarAndDigitsArePositionalParameters() throws Exception {
    assertEquals(List.of(Kind.PARAMETER, Kind.OPERATOR, Kind.PARAMETER), kinds("$1+$2"));
  }

  @Test
  void unicodeIdentifiersAreKeptAsWritten() throws Exception {
    List<Token> tokens = SqlLexer.tokens("U&\"d\\0061ta\"");
    assertEquals(Kind.UNICODE_IDENTIFIER, tokens.get(0).kind());
    assertTrue(tokens.get(0).isIdentifier());
  }

  @Test
  void numbersIncludeExponents() throws Exception {
    assertEquals(List.of("1.5e-3", "+", ".5"), values("1.5e-3 + .5"));
  }

  @Test
  void lettersAfterANumberStartATokenOfTheirOwn() throws Exception {
    // PostgreSQL 14 reads 1E'...' as the number 1 and an escape string, where \' is a quote
    assertEquals(
        List.of(Kind.NUMBER, Kind.STRING, Kind.PUNCTUATION, Kind.WORD), kinds("1E'\\'';x"));
    assertEquals(List.of("1", "abc"), values("1abc"));
  }

  @Test
  void anOperatorEndsWhereACommentStarts() throws Exception {
    assertEquals(List.of("a", "+", "b"), values("a +-- ; comment\nb"));
  }

  @Test
  void tokensKnowTheirParenthesisDepth() throws Exception {
    List<Integer> depths = SqlLexer.tokens("f(a, (b)), c").stream().map(Token::depth).toList();
    assertEquals(List.of(0, 0, 1, 1, 1, 2, 1, 0, 0, 0), depths);
  }

  @Test
  void anUnterminatedStringIsRejected() {
    assertTrue(rejection("select 'abc").contains("unterminated string"));
  }

  @Test
  void anUnterminatedEscapeStringEndingInABackslashIsRejected() {
    assertTrue(rejection("E'abc\\'").contains("unterminated string"));
  }

  @Test
  void anUnterminatedQuotedIdentifierIsRejected() {
    assertTrue(rejection("create table \"x").contains("unterminated quoted identifier"));
  }

  @Test
  void anUnterminatedDollarQuoteIsRejected() {
    assertTrue(rejection("$body$ x $other$").contains("unterminated dollar-quoted string $body$"));
  }

  @Test
  void anUnterminatedBlockCommentIsRejected() {
    assertTrue(rejection("a /* /* */").contains("unterminated /* comment"));
  }

  @Test
  void anEmptyQuotedIdentifierIsRejected() {
    assertTrue(rejection("\"\"").contains("empty quoted identifier"));
  }

  @Test
  void unbalancedParenthesesAreRejected() {
    assertTrue(rejection("f((a)").contains("unclosed"));
    assertTrue(rejection("a)").contains("never opened"));
  }

  @Test
  void aNulCharacterIsRejected() {
    assertTrue(rejection("a\0b").contains("NUL"));
  }
}
