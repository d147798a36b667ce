// Fixtures shared by the node tests: the repository's test banks, read from disk.
import { readFileSync } from 'node:fs';

const repo = new URL('../../../', import.meta.url);

/** A repository file as a bank file for `Banks.load`. */
export function bankFile(path) {
  return { origin: path, text: readFileSync(new URL(path, repo), 'utf8') };
}

export const starter = bankFile('tests/fixtures/banks/starter.yaml');

/** The repository file at `path`, as text. */
export function repoText(path) {
  return readFileSync(new URL(path, repo), 'utf8');
}
