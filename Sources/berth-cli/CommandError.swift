/// A user error found while a command runs (a flag that cannot be translated, a path that is not
/// there): ArgumentParser prints it as `Error: message`, without the usage text, and exits with 1.
struct CommandError: Error, CustomStringConvertible {
    /// What is wrong, naming the flag or path and the value.
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
