// The daemon services arrive with the daemon issue.
