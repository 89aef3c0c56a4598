/** Flowcast's version; a unit test keeps it equal to package.json's. */
export const VERSION = '0.2.0';
/** Version of the public API object returned by activate(); bumped on breaking changes. */
export const API_VERSION = 1;
