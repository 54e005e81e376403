// The Varlink server and client arrive with the daemon issue.
