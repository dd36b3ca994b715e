import Glibc

/// FROM of an image: taken from the store, pulled through minirun-pull when the store lacks it
/// (as `run --pull missing` does), or pulled first whatever the store holds with --pull, as
/// `docker build --pull`. The pull's lines are the FROM step's output.
extension ImageBuilder {
    func baseImage(_ base: String, line: Int) throws -> ImageRecord {
        if options.pull {
            try pull(base, line: line)
            return try engine.images.resolve(base)
        }
        do {
            return try engine.images.resolve(base)
        } catch let error as RuntimeError where error.code == .notFound {
            try pull(base, line: line)
            return try engine.images.resolve(base)
        }
    }

    private func pull(_ base: String, line: Int) throws {
        do {
            try StepOutput.around(progress) { try engine.pullThroughHelper(base, output: STDOUT_FILENO) }
        } catch let error as RuntimeError {
            throw RuntimeError(error.code, "\(file):\(line): FROM \(Identifiers.printable(base)): \(error.message)", cause: error.cause)
        }
    }
}
