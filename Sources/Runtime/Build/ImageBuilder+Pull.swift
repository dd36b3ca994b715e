import Glibc

/// Images a build reads - a FROM image, a `COPY --from=IMAGE` - taken from the store, pulled
/// through minirun-pull when the store lacks them (as `run --pull missing` does), or pulled first
/// whatever the store holds with --pull, as `docker build --pull`. The pull's lines are the step's output.
extension ImageBuilder {
    /// `instruction` names the use in errors: "FROM busybox", "COPY --from=busybox".
    func storedImage(_ name: String, line: Int, instruction: String) throws -> ImageRecord {
        if options.pull {
            try pull(name, line: line, instruction: instruction)
            return try engine.images.resolve(name)
        }
        do {
            return try engine.images.resolve(name)
        } catch let error as RuntimeError where error.code == .notFound {
            try pull(name, line: line, instruction: instruction)
            return try engine.images.resolve(name)
        }
    }

    private func pull(_ name: String, line: Int, instruction: String) throws {
        do {
            try StepOutput.channel(progress) { try engine.pullThroughHelper(name, output: $0) }
        } catch let error as RuntimeError {
            throw RuntimeError(error.code, "\(file):\(line): \(instruction): \(error.message)", cause: error.cause)
        }
    }
}
