// The io.ccsd.Supervision interface arrives with the daemon issue.
