/**
 * {@code pgsnap demo}: a scripted tour for a newcomer. It loads a generated sample database and
 * runs, as a person would type them, export, verify, drill, a change, a content comparison that
 * finds it, a one-table restore and a comparison that finds nothing.
 */
package io.pgsnap.demo;
