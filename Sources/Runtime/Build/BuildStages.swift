/// A Dockerfile's stages: the ARGs before the first FROM, then each FROM with what follows it.
struct BuildStages {
    struct Stage {
        var index: Int
        /// `AS name`, lower case; nil when unnamed.
        var name: String?
        var from: Dockerfile.Instruction
        var steps: [Dockerfile.Instruction]
        /// "[name 2/5]" or "[2/5]" in the progress, from its position and name.
        var label: String { name ?? "stage-\(index)" }
    }

    var globalArgs: [Dockerfile.Instruction]
    var stages: [Stage]

    init(_ dockerfile: Dockerfile, file: String) throws {
        var globalArgs: [Dockerfile.Instruction] = []
        var stages: [Stage] = []
        for instruction in dockerfile.instructions {
            if instruction.keyword == "FROM" {
                let words = DockerfileWords.split(instruction.arguments)
                var name: String?
                if words.count == 3, words[1].uppercased() == "AS" {
                    name = words[2].lowercased()
                } else if words.count != 1 {
                    throw RuntimeError(.invalidArgument, "\(file):\(instruction.line): FROM requires either one or three arguments")
                }
                if let name, stages.contains(where: { $0.name == name }) {
                    throw RuntimeError(.invalidArgument, "\(file):\(instruction.line): duplicate stage name \"\(Identifiers.printable(name))\"")
                }
                stages.append(Stage(index: stages.count, name: name, from: instruction, steps: []))
            } else if stages.isEmpty {
                guard instruction.keyword == "ARG" else {
                    throw RuntimeError(.invalidArgument, "\(file):\(instruction.line): no build stage in current context: \(instruction.keyword) before FROM")
                }
                globalArgs.append(instruction)
            } else {
                stages[stages.count - 1].steps.append(instruction)
            }
        }
        guard !stages.isEmpty else { throw RuntimeError(.invalidArgument, "\(file): the Dockerfile has no FROM instruction") }
        self.globalArgs = globalArgs
        self.stages = stages
    }

    /// A stage named `reference` (its name, or its index as COPY --from=0 gives it) before `index`.
    func stage(_ reference: String, before index: Int) -> Stage? {
        let lowered = reference.lowercased()
        if let number = Int(reference), number >= 0, number < index { return stages[number] }
        return stages.prefix(index).last { $0.name == lowered }
    }

    /// The stages `target` needs, in order: the ones its FROM and COPY --from name, and theirs.
    func needed(for target: Int) -> [Int] {
        var needed: Set<Int> = [target]
        for index in stride(from: target, through: 0, by: -1) where needed.contains(index) {
            needed.formUnion(dependencies(of: index))
        }
        return needed.sorted()
    }

    /// The earlier stages a stage's FROM and COPY/ADD --from name.
    func dependencies(of index: Int) -> Set<Int> {
        let stage = stages[index]
        var references = [DockerfileWords.split(stage.from.arguments).first ?? ""]
        references += stage.steps.compactMap { $0.keyword == "COPY" || $0.keyword == "ADD" ? $0.flag("from") : nil }
        var used: Set<Int> = []
        for reference in references {
            // A reference through a variable is known only when the stage runs: every stage before may be it.
            if reference.contains("$") { used.formUnion(0..<index) }
            if let stage = self.stage(reference, before: index) { used.insert(stage.index) }
        }
        return used
    }
}
