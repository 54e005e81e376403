// The SQLite store arrives with the daemon issue.
