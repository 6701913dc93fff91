// The tests check Unix file modes (0600 secrets, kept modes); CI runs on Linux.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
