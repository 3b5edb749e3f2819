"""Reading a map: bytes to positioned data (loader), the run's settings and configuration, which files a run checks, and suppression comments."""
