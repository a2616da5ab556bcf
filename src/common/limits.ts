/**
 * Upper bounds of the numbers the API takes that have no natural one: versions and offsets fit a
 * 32-bit signed integer column (SQLite and PostgreSQL alike), far beyond any real project.
 */
export const MAX_VERSION = 2_147_483_647;
export const MAX_OFFSET = 2_147_483_647;
