@testable import minirun
import Runtime
import Testing

/// `--mount` read into the `-v` and `--tmpfs` forms, with Docker's keys and refusals.
struct MountArgumentTests {
    @Test(arguments: [
        ("type=bind,source=/srv,target=/data", MountArgument.Short.volume("/srv:/data", createsMissingSource: false)),
        ("type=bind,src=/srv,dst=/data,readonly", .volume("/srv:/data:ro", createsMissingSource: false)),
        ("type=bind,source=/srv,destination=/data,ro=true,bind-propagation=rprivate", .volume("/srv:/data:ro,rprivate", createsMissingSource: false)),
        ("type=bind,source=/srv,target=/data,readonly=false", .volume("/srv:/data", createsMissingSource: false)),
        ("type=volume,source=cache,target=/cache", .volume("cache:/cache", createsMissingSource: true)),
        ("source=cache,target=/cache,volume-nocopy", .volume("cache:/cache:nocopy", createsMissingSource: true)),
        ("source=cache,target=/cache,volume-nocopy=false", .volume("cache:/cache", createsMissingSource: true)),
        ("type=volume,target=/scratch", .volume("/scratch", createsMissingSource: true)),
        ("type=tmpfs,target=/run/x", .tmpfs("/run/x")),
        ("type=tmpfs,dst=/t,tmpfs-size=64m,tmpfs-mode=1770", .tmpfs("/t:size=64m,mode=1770")),
    ])
    func readsDockersKeys(_ text: String, expected: MountArgument.Short) throws {
        #expect(try MountArgument.shortForm(text) == expected)
    }

    @Test(arguments: [
        ("type=bind,target=/x", "field Source must not be empty"),
        ("type=bind,source=/x", "field Target must not be empty"),
        ("type=tmpfs,source=/x,target=/y", "field Source must not be specified for type tmpfs"),
        ("type=npipe,target=/y", "mount type 'npipe' is not supported"),
        ("type=bind,source=/x,target=/y,colour=red", "unexpected key 'colour' in 'colour=red'"),
        ("type=bind,source=/x,target=/y,readonly=maybe", "invalid value for readonly: maybe"),
    ])
    func refusesWhatDockerRefuses(_ text: String, reason: String) {
        #expect {
            try MountArgument.shortForm(text)
        } throws: { error in
            "\(error)".contains("invalid argument \"\(text)\" for \"--mount\" flag: \(reason)")
        }
    }
}
