/** A user error on the command line: its message goes to stderr, exit code 2, no stack trace. */
export class UsageError extends Error {}
