// The libsystemd wrappers arrive with the daemon issue.
