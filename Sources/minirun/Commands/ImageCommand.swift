import ArgumentParser

struct ImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image", abstract: "Manage images.",
        subcommands: [ImageBuild.self, ImageImport.self, ImageList.self, ImageLoad.self, ImagePrune.self, Pull.self, Push.self, ImageRemove.self, ImageSave.self, ImageTag.self,
                      ImageHistoryCommand.self, ImageInspect.self])
}
