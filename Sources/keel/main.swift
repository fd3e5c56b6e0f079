// The `keel` executable: the command line of KeelCLI with the example strategies.
// A user's package does the same with its own registry (README.md, "Your own package").

import KeelCLI

KeelCommandLine.main(registry: .examples)
