/// Which of a container's outputs a log record came from; `logs` writes each back to the same one.
public enum LogStream: String, Sendable {
    case stdout
    case stderr
}
