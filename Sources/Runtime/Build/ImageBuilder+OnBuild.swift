/// ONBUILD: an image's triggers run first in a build FROM it, as BuildKit runs them - for an image
/// of the store, not for an earlier stage of the same Dockerfile - and the new image does not keep
/// them. Each trigger is a Dockerfile line of its own; its errors name the FROM's line.
extension ImageBuilder {
    func onBuildTriggers(of state: inout StageState, base: String, stage: BuildStages.Stage) throws -> [Dockerfile.Instruction] {
        guard state.id != "scratch", stages.stage(base, before: stage.index) == nil,
              let triggers = state.editor.config.onBuild, !triggers.isEmpty else { return [] }
        state.editor.dropOnBuildTriggers()
        return try triggers.flatMap { trigger in
            try Dockerfile(parsing: trigger, file: file).instructions.map { instruction in
                var instruction = instruction
                instruction.line = stage.from.line
                return instruction
            }
        }
    }
}
