import CRuntimeShims
import Glibc

/// Turns what a failing child reported ({step, errno}) into the error a user reads, with Docker's
/// exit codes: 127 when the command is not found, 126 when it cannot be executed, 125 otherwise.
enum ChildFailure {
    static func error(_ failure: mr_child_error, spec: ProcessSpec) -> RuntimeError {
        let reason = String(cString: strerror(failure.err))
        if failure.step == MR_STAGE_EXEC.rawValue {
            let command = spec.arguments.first ?? ""
            if failure.err == ENOENT {
                let what = command.contains("/") ? "no such file or directory" : "executable file not found in $PATH"
                return RuntimeError(.commandNotFound, "exec: \"\(command)\": \(what)")
            }
            return RuntimeError(.commandNotExecutable, "exec: \"\(command)\": \(reason.lowercased())")
        }
        if failure.step == MR_STAGE_START_HOOK.rawValue {
            let index = failure.err >> 16, status = failure.err & 0xffff
            let outcome = status == 0xffff ? "timed out" : status == 0xfffe ? "could not be started" : "exit status \(status)"
            return RuntimeError(.system, "startContainer hook #\(index) failed: \(outcome)")
        }
        if failure.step == MR_STAGE_RLIMIT.rawValue {
            let index = Int(failure.err >> 16)
            let resource = index < spec.resourceLimits.count ? spec.resourceLimits[index].resource : -1
            return RuntimeError(.system, "error setting rlimit type \(resource): \(String(cString: strerror(failure.err & 0xffff)).lowercased())")
        }
        let step: String
        if failure.step >= 0 && Int(failure.step) < spec.steps.count {
            step = spec.steps[Int(failure.step)].summary
        } else if let name = mr_stage_name(failure.step) {
            step = String(cString: name)
        } else {
            step = "step \(failure.step)"
        }
        return RuntimeError(.system, "\(step): \(reason)")
    }
}
