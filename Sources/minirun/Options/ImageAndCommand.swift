import ArgumentParser

/// What `run` and `create` end with: the image, then the command and its arguments (as docker, the
/// image ends the options: what follows is the command's own).
struct ImageAndCommand: ParsableArguments {
    @Argument(help: "The image.")
    var image: String

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.")
    var command: [String] = []
}
