print("ccsd 0.1.0: the daemon arrives with issue 3; use ccsctl for now")
