import Foundation
import TestSupport
import Testing

/// The four network modes, links and user-defined networks against the real kernel.
@Suite(.enabled(if: isRoot, "needs root"))
struct NetworkTests {
    @Test func bridgeModeGivesAddressesInOrderAndConnectsEverything() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "a", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "b", "busybox", "sleep", "300"]).code == 0)
        let network = try box.inspectNetwork("bridge")
        let gateway = try #require(network.gateway)
        let prefix = gateway.split(separator: ".").prefix(2).joined(separator: ".")
        let a = box.address(of: "a"), b = box.address(of: "b")
        #expect(a == "\(prefix).0.2")
        #expect(b == "\(prefix).0.3")
        #expect(Command.run("/bin/ping", ["-c", "1", "-W", "2", a]).code == 0, "host to container")
        #expect(box.run(["exec", "a", "ping", "-c", "1", "-W", "2", b]).code == 0, "container to container")
        #expect(box.run(["exec", "a", "ping", "-c", "1", "-W", "2", gateway]).code == 0, "container to host")
        #expect(box.run(["exec", "a", "ip", "route"]).out.contains("default via \(gateway)"))
        #expect(box.run(["exec", "a", "cat", "/etc/hosts"]).out.contains("\(a)\t"))
        // The default bridge resolves no names, as in Docker.
        #expect(box.run(["exec", "a", "ping", "-c", "1", "-W", "1", "b"]).code != 0)
        #expect(Command.run("/sbin/ip", ["link", "show", network.bridge]).code == 0)
    }

    /// --mac-address gives the container's interface on its network that MAC (Docker's is 02:42 and
    /// the address): in the container, in inspect; refused with a network namespace not its own.
    @Test func aMACAddressAsked() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let mac = "92:d0:c6:0a:29:33"
        #expect(box.run(["run", "-d", "--name", "m", "--mac-address", mac.uppercased(), "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["exec", "m", "cat", "/sys/class/net/eth0/address"]).out == mac + "\n")
        #expect(box.run(["inspect", "-f", "{{.NetworkSettings.MacAddress}}", "m"]).out == mac + "\n")
        #expect(Command.run("/bin/ping", ["-c", "1", "-W", "2", box.address(of: "m")]).code == 0, "reachable with it")
        let host = box.run(["run", "--rm", "--net=host", "--mac-address", mac, "busybox", "true"])
        #expect(host.code == 125 && host.err == "minirun: conflicting options: mac-address and the network mode\n", "\(host.err)")
        let bad = box.run(["run", "--rm", "--mac-address", "92:d0:c6", "busybox", "true"])
        #expect(bad.code == 125 && bad.err == "minirun: 92:d0:c6 is not a valid mac address\n", "\(bad.err)")
    }

    /// inspect's SandboxKey is the running container's network namespace, which nsenter enters.
    @Test func theSandboxKeyIsTheNetworkNamespace() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "sandboxed", "busybox", "sleep", "300"]).code == 0)
        let key = box.run(["inspect", "-f", "{{.NetworkSettings.SandboxKey}}", "sandboxed"]).out.trimmingCharacters(in: .newlines)
        let inside = Command.run("/usr/bin/nsenter", ["--net=" + key, "/sbin/ip", "-4", "-o", "addr", "show", "eth0"])
        #expect(inside.code == 0 && inside.out.contains(" \(box.address(of: "sandboxed"))/"), "\(key): \(inside.out) \(inside.err)")
        #expect(box.run(["stop", "-t", "0", "sandboxed"]).code == 0)
        #expect(box.run(["inspect", "-f", "[{{.NetworkSettings.SandboxKey}}]", "sandboxed"]).out == "[]\n", "none once it stops")
    }

    /// `network create -o com.docker.network.bridge.name=NAME` names the Linux bridge; a name an
    /// interface of the host has is refused, and nothing is made.
    @Test func aNetworksBridgeTakesTheNameAsked() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let net = box.uniqueName("named"), bridge = "mrt\(getpid() % 100_000)br"
        let made = box.run(["network", "create", "-o", "com.docker.network.bridge.name=" + bridge, "--subnet", box.subnet(7), net])
        #expect(made.code == 0, "\(made.err)")
        #expect(Command.run("/sbin/ip", ["link", "show", bridge]).code == 0)
        #expect(box.run(["network", "inspect", "-f", "{{index .Options \"com.docker.network.bridge.name\"}}", net]).out == bridge + "\n")
        #expect(box.run(["run", "-d", "--name", "onit", "--network", net, "busybox", "sleep", "300"]).code == 0)
        #expect(Command.run("/bin/ping", ["-c", "1", "-W", "2", box.address(of: "onit")]).code == 0, "routed through the bridge")
        let before = box.run(["network", "ls", "-q"]).out
        for (option, message) in [("com.docker.network.bridge.name=" + bridge, "bridge name \(bridge) is already in use"),
                                  ("com.docker.network.bridge.name=lo", "bridge name lo is already in use"),
                                  ("com.docker.network.bridge.name=a/b", "invalid bridge name a/b"),
                                  ("com.docker.network.bridge.gateway_mode_ipv4=routed", "unsupported network option com.docker.network.bridge.gateway_mode_ipv4")] {
            let refused = box.run(["network", "create", "-o", option, "--subnet", box.subnet(8), box.uniqueName("other")])
            #expect(refused.code != 0 && refused.err.hasPrefix("minirun: " + message), "\(option): \(refused.err)")
        }
        #expect(box.run(["network", "ls", "-q"]).out == before, "nothing made")
        #expect(box.run(["rm", "-f", "onit"]).code == 0)
        // Its bridge gone (as after a reboot), the name is still the network's.
        #expect(Command.run("/sbin/ip", ["link", "delete", bridge]).code == 0)
        let taken = box.run(["network", "create", "-o", "com.docker.network.bridge.name=" + bridge, "--subnet", box.subnet(8), box.uniqueName("other")])
        #expect(taken.code != 0 && taken.err.contains("bridge name \(bridge) is already in use"), "\(taken.err)")
        #expect(box.run(["network", "rm", net]).code == 0)
        #expect(Command.run("/sbin/ip", ["link", "show", bridge]).code != 0, "the bridge goes with its network")
    }

    @Test func hostModeSharesTheHostNetwork() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let hostEth0 = Command.run("/sbin/ip", ["-o", "link", "show", "eth0"]).out
        let mac = try #require(hostEth0.range(of: "link/ether ").map { String(hostEth0[$0.upperBound...].prefix(17)) })
        let inside = box.run(["run", "--rm", "--net=host", "busybox", "ip", "-o", "link", "show", "eth0"])
        #expect(inside.code == 0 && inside.out.contains(mac), "the host's eth0: \(inside.out)")
        let warned = box.run(["run", "--rm", "--net=host", "-p", "1:1", "busybox", "true"])
        #expect(warned.code == 0 && warned.err.contains("discarded"))
    }

    @Test func leasesAreWrittenInPlaceAndATornFileIsRebuiltFromTheRecords() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let net = box.uniqueName("leased")
        #expect(box.run(["network", "create", "--subnet", box.subnet(7), net]).code == 0)
        #expect(box.run(["run", "-d", "--name", "first", "--network", net, "busybox", "sleep", "300"]).code == 0)
        let leases = box.root + "/networks/\(net)/leases.json"
        func inode() -> UInt64 { ((try? FileManager.default.attributesOfItem(atPath: leases))?[.systemFileNumber] as? UInt64) ?? 0 }
        let before = inode()
        // A minirun killed while writing the file leaves it torn.
        try "{\"10.".write(toFile: leases, atomically: false, encoding: .utf8)
        #expect(box.run(["run", "-d", "--name", "second", "--network", net, "busybox", "sleep", "300"]).code == 0)
        let first = box.run(["inspect", "-f", "{{.NetworkSettings.IPAddress}}", "first"]).out
        let second = box.run(["inspect", "-f", "{{.NetworkSettings.IPAddress}}", "second"]).out
        #expect(!first.isEmpty && first != second, "\(first) \(second)")
        let text = (try? String(contentsOfFile: leases, encoding: .utf8)) ?? ""
        for name in ["first", "second"] {
            let id = box.run(["inspect", "-f", "{{.Id}}", name]).out.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(text.contains(id), "\(name) is missing from \(text)")
        }
        #expect(inode() == before && before != 0, "leases.json was replaced, not written over")
        #expect(box.run(["rm", "-f", "first", "second"]).code == 0)
        #expect(box.run(["network", "rm", net]).code == 0)
    }

    @Test func noneModeHasOnlyLoopbackUp() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let result = box.run(["run", "--rm", "--net=none", "busybox", "ip", "-o", "link"])
        let links = result.out.split(separator: "\n")
        #expect(links.count == 1 && links[0].contains("lo:") && links[0].contains("UP"))
    }

    /// As Docker: host and none are networks `network inspect` shows, with their containers as
    /// endpoints, and a container lists its network in inspect whatever its mode or state.
    @Test func hostAndNoneAreNetworksContainersAreOn() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "on-host", "--net=host", "busybox", "sleep", "100"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "on-none", "--net=none", "busybox", "sleep", "100"]).code == 0)
        #expect(box.run(["create", "--name", "not-started", "busybox", "true"]).code == 0)
        let networks = "{{range $name, $endpoint := .NetworkSettings.Networks}}{{$name}}={{$endpoint.NetworkID}} {{end}}"
        let listed = box.run(["inspect", "-f", networks, "on-host", "on-none", "not-started"])
        let bridgeID = box.run(["network", "inspect", "-f", "{{.Id}}", "bridge"]).out.dropLast()
        #expect(listed.out == "host=\(String(repeating: "0", count: 11))1\(String(repeating: "0", count: 52)) \n"
            + "none=\(String(repeating: "0", count: 11))2\(String(repeating: "0", count: 52)) \nbridge=\(bridgeID) \n", "\(listed)")
        let endpoints = box.run(["network", "inspect", "-f", "{{.Name}} {{.Driver}} {{range .Containers}}{{.Name}}{{end}}", "host", "none"])
        #expect(endpoints.out == "host host on-host\nnone null on-none\n", "\(endpoints)")
        #expect(box.run(["network", "inspect", "-f", "{{.Name}}", "000000000002"]).out == "none\n")
    }

    @Test func containerModeJoinsAnotherContainersNamespace() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "db", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "side", "--net=container:db", "busybox", "sleep", "300"]).code == 0)
        #expect(box.address(of: "side") == box.address(of: "db"))
        for conflicting in [["-p", "80:80"], ["--link", "db:x"], ["--hostname", "h"]] {
            let result = box.run(["run", "--rm", "--net=container:db"] + conflicting + ["busybox", "true"])
            #expect(result.code == 125 && result.err.contains("conflicting options"), "\(conflicting): \(result.err)")
        }
        #expect(box.run(["run", "--name", "stopped", "busybox", "true"]).code == 0)
        let refused = box.run(["run", "--rm", "--net=container:stopped", "busybox", "true"])
        #expect(refused.code == 125 && refused.err.contains("non running container"))
        #expect(box.run(["run", "--rm", "--net=container:ghost", "busybox", "true"]).err.contains("No such container"))
    }

    @Test func linksFollowARestartedContainersNewAddress() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "web", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "web1", "--link", "web:webalias", "busybox", "sleep", "300"]).code == 0)
        let first = box.address(of: "web")
        #expect(box.run(["exec", "web1", "ping", "-c", "1", "-W", "2", "webalias"]).code == 0)
        #expect(box.run(["exec", "web1", "cat", "/etc/hosts"]).out.contains("\(first)\twebalias web "))
        // A container takes web's address while it is stopped; web comes back with another one.
        #expect(box.run(["stop", "-t", "1", "web"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "squatter", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["start", "web"]).code == 0)
        let second = box.address(of: "web")
        #expect(second != first)
        #expect(box.run(["exec", "web1", "cat", "/etc/hosts"]).out.contains("\(second)\twebalias web "))
        #expect(box.run(["exec", "web1", "ping", "-c", "1", "-W", "2", "webalias"]).code == 0)
        let refused = box.run(["run", "--rm", "--link", "ghost:g", "busybox", "true"])
        #expect(refused.code == 125)

        // rm --link takes the link away, not a container: web1 no longer names web.
        let unlinked = box.run(["rm", "--link", "/web1/webalias"])
        #expect(unlinked.code == 0 && unlinked.out == "/web1/webalias\n", "\(unlinked.err)")
        #expect(!box.run(["exec", "web1", "cat", "/etc/hosts"]).out.contains("webalias"))
        #expect(box.run(["inspect", "-f", "{{.HostConfig.Links}}", "web1"]).out == "[]\n")
        #expect(box.run(["ps", "-q"]).out.split(separator: "\n").count == 3, "web, web1 and squatter still run")
        for (path, message) in [("/web1/webalias", "No such container: /web1/webalias"), ("web", "cannot remove the default link name")] {
            let again = box.run(["rm", "-l", path])
            #expect(again.code == 1 && again.err.contains(message), "\(path): \(again.err)")
        }
    }

    @Test func userNetworksResolveNamesAndStayApart() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let (net1, net2) = (box.uniqueName("blue"), box.uniqueName("green"))
        #expect(box.run(["network", "create", "--subnet", box.subnet(1), net1]).code == 0)
        #expect(box.run(["network", "create", "--subnet", box.subnet(2), net2]).code == 0)
        #expect(box.run(["run", "-d", "--name", "n3", "--network", net1, "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "n2", "--network", net1, "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "other", "--network", net2, "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["exec", "n2", "ping", "-c", "1", "-W", "2", "n3"]).code == 0)
        #expect(box.run(["exec", "n3", "ping", "-c", "1", "-W", "2", "n2"]).code == 0, "the one started first resolves too")
        #expect(box.run(["exec", "n2", "ping", "-c", "1", "-W", "1", box.address(of: "other")]).code != 0, "networks are isolated")
        #expect(box.run(["exec", "n2", "ping", "-c", "1", "-W", "1", "other"]).code != 0)
        #expect(box.run(["rm", "-f", "n3"]).code == 0)
        #expect(!box.run(["exec", "n2", "cat", "/etc/hosts"]).out.contains("n3"), "a removed container stops resolving")

        let busy = box.run(["network", "rm", net1])
        #expect(busy.code != 0 && busy.err.contains("active endpoints"))
        #expect(box.run(["network", "ls"]).out.contains(net1))
        #expect(box.run(["rm", "-f", "n2", "other"]).code == 0)
        #expect(box.run(["network", "rm", net1]).code == 0)
        // Gone, it is an error to name it again; with -f it is not, as Docker's.
        let again = box.run(["network", "rm", net1])
        #expect(again.code == 1 && again.err == "minirun: network \(net1) not found\n", "\(again.err)")
        let forced = box.run(["network", "rm", "-f", net1])
        #expect(forced.code == 0 && forced.out.isEmpty && forced.err.isEmpty, "\(forced.err)")
        #expect(box.run(["network", "prune", "-f"]).out.contains(net2))
        #expect(!box.run(["network", "ls"]).out.contains(net2))
    }

    @Test func connectAddsAnInterfaceAndDisconnectRemovesIt() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let net = box.uniqueName("extra")
        #expect(box.run(["network", "create", "--subnet", box.subnet(3), net]).code == 0)
        #expect(box.run(["run", "-d", "--name", "c", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "peer", "--network", net, "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["network", "connect", net, "c"]).code == 0)
        let eth1 = box.run(["exec", "c", "ip", "-o", "-4", "addr", "show", "eth1"]).out
        #expect(eth1.contains(box.subnet(3).split(separator: ".").prefix(3).joined(separator: ".")))
        #expect(box.run(["exec", "c", "ping", "-c", "1", "-W", "2", "peer"]).code == 0)
        #expect(box.run(["network", "disconnect", net, "c"]).code == 0)
        #expect(box.run(["exec", "c", "ip", "link", "show", "eth1"]).code != 0)
    }

    @Test func networkInspectAndListSpeakDockersFormat() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let net = box.uniqueName("fmt")
        #expect(box.run(["network", "create", "--subnet", box.subnet(4), "--gateway", box.subnet(4).replacingOccurrences(of: ".0/24", with: ".254"), net]).code == 0)
        #expect(box.run(["run", "-d", "--name", "x", "--network", net, "busybox", "sleep", "300"]).code == 0)
        let json = box.run(["network", "inspect", net]).out
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let object = try #require(array.first)
        #expect(object["Name"] as? String == net)
        #expect((object["Id"] as? String)?.count == 64)
        #expect(object["Driver"] as? String == "bridge")
        let config = ((object["IPAM"] as? [String: Any])?["Config"] as? [[String: Any]])?.first
        #expect(config?["Subnet"] as? String == box.subnet(4))
        #expect((config?["Gateway"] as? String)?.hasSuffix(".254") == true)
        let containers = object["Containers"] as? [String: [String: Any]]
        #expect(containers?.values.first?["Name"] as? String == "x")
        #expect((containers?.values.first?["IPv4Address"] as? String)?.hasSuffix("/24") == true)
        #expect(((object["Options"] as? [String: String])?["com.docker.network.bridge.name"])?.hasPrefix("br-") == true)
        let table = box.run(["network", "ls"]).out.split(separator: "\n")
        #expect(table.first?.split(separator: " ", omittingEmptySubsequences: true) == ["NETWORK", "ID", "NAME", "DRIVER", "SCOPE"])
        #expect(Set(table.dropFirst().compactMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map(String.init) }).isSuperset(of: ["bridge", "host", "none", net]))
        #expect(box.run(["network", "ls", "-q"]).out.split(separator: "\n").count == table.count - 1)
    }

    /// `network create --label`, and `network ls` with Docker's filters (moby's daemon/network/filter.go),
    /// --no-trunc, and its fields Labels, Internal and `.Label "KEY"`.
    @Test func networkLabelsAndListFilters() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let (web, closed) = (box.uniqueName("web"), box.uniqueName("closed"))
        #expect(box.run(["network", "create", "--subnet", box.subnet(8), "--label", "tier=web", "--label", "owner", web]).code == 0)
        #expect(box.run(["network", "create", "--subnet", box.subnet(9), "--internal", closed]).code == 0)
        #expect(box.run(["run", "-d", "--name", "user", "--network", closed, "busybox", "sleep", "300"]).code == 0)
        func names(_ filters: [String]) -> [String] {
            let listed = box.run(["network", "ls", "--format", "{{.Name}}"] + filters.flatMap { ["--filter", $0] })
            #expect(listed.code == 0, "\(filters): \(listed)")
            return listed.out.split(separator: "\n").map(String.init).sorted()
        }
        #expect(box.run(["network", "inspect", "-f", "{{json .Labels}}", web]).out == #"{"owner":"","tier":"web"}"# + "\n")
        #expect(box.run(["network", "ls", "--filter", "name=^\(web)$", "--format", "{{.Labels}}|{{.Label \"tier\"}}|{{.Internal}}"]).out
                == "owner=,tier=web|web|false\n")
        #expect(box.run(["network", "ls", "--filter", "name=^\(closed)$", "--format", "{{.Internal}}"]).out == "true\n")
        #expect(names(["type=custom"]) == [closed, web].sorted())
        #expect(names(["type=builtin"]) == ["bridge", "host", "none"])
        #expect(names(["label=tier=web"]) == [web])
        #expect(names(["label=owner", "label=tier=db"]) == [])
        #expect(names(["driver=null"]) == ["none"])
        #expect(names(["dangling=true"]) == [web], "custom and no running container")
        #expect(names(["dangling=false", "type=custom"]) == [closed])
        #expect(names(["name=web-", "type=custom"]) == [web], "a regular expression found in the name")
        let id = box.run(["network", "inspect", "-f", "{{.Id}}", web]).out.split(separator: "\n").first.map(String.init) ?? ""
        #expect(names(["id=" + id.prefix(10)]) == [web])
        #expect(box.run(["network", "ls", "-q", "--no-trunc", "--filter", "name=^\(web)$"]).out == id + "\n")
        let created = box.run(["network", "ls", "--filter", "name=^\(web)$", "--format", "{{.CreatedAt}}"]).out
        #expect(created.hasSuffix(" +0000 UTC\n") && created.dropFirst(10).hasPrefix(" "), "Go's time.Time.String(): \(created)")
        for (filter, message) in [("colour=red", "invalid filter 'colour'"), ("type=mine", "invalid filter: 'type'='mine'"),
                                  ("dangling=maybe", #"invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")"#)] {
            let bad = box.run(["network", "ls", "--filter", filter])
            #expect(bad.code == 1 && bad.err == "minirun: \(message)\n", "\(filter): \(bad)")
        }
        #expect(box.run(["network", "create", "--label", "=x", box.uniqueName("bad")]).code == 125)
    }

    /// `network prune` asks first unless -f (Docker's prompt; no answer is a no), and its filters
    /// choose among the unused networks.
    @Test func networkPruneAsksAndFilters() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let (kept, labelled) = (box.uniqueName("kept"), box.uniqueName("labelled"))
        #expect(box.run(["network", "create", "--subnet", box.subnet(10), kept]).code == 0)
        #expect(box.run(["network", "create", "--subnet", box.subnet(11), "--label", "scratch=yes", labelled]).code == 0)
        func present() -> Set<String> { Set(box.run(["network", "ls", "--format", "{{.Name}}", "--filter", "type=custom"]).out.split(separator: "\n").map(String.init)) }

        let declined = box.run(["network", "prune"], stdin: "")
        #expect(declined.code == 0 && declined.out.hasPrefix("WARNING! This will remove all custom networks not used by at least one container."))
        #expect(present() == [kept, labelled])
        #expect(box.run(["network", "prune", "-f", "--filter", "until=2000-01-01T00:00:00Z"]).out == "", "both are newer")
        #expect(box.run(["network", "prune", "--filter", "label=scratch"], stdin: "y\n").out.hasSuffix("Deleted Networks:\n\(labelled)\n\n"))
        #expect(present() == [kept])
        let bad = box.run(["network", "prune", "-f", "--filter", "dangling=true"])
        #expect(bad.code == 1 && bad.err == "minirun: Invalid filter 'dangling'\n", "\(bad)")
        #expect(box.run(["network", "prune", "-f", "--filter", "label!=scratch"]).out == "Deleted Networks:\n\(kept)\n\n")
        #expect(present() == [])
    }

    @Test func badNetworkInputChangesNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let net = box.uniqueName("ok")
        #expect(box.run(["network", "create", "--subnet", box.subnet(5), net]).code == 0)
        let before = box.run(["network", "ls", "-q"]).out
        let cases: [([String], String)] = [
            (["network", "create", "--subnet", "10.300.0.0/16", "x1"], "invalid subnet"),
            (["network", "create", "--subnet", "10.1.2.3/16", "x2"], "invalid subnet"),
            (["network", "create", "--subnet", box.subnet(5), "x3"], "overlaps"),
            (["network", "create", "--subnet", box.subnet(6), "--gateway", "192.0.2.1", "x4"], "gateway"),
            (["network", "create", "bad/name"], "Invalid network name"),
            (["network", "create", net], "already exists"),
            (["network", "rm", "bridge"], "pre-defined"),
            (["network", "rm", "ghost"], "not found"),
            (["run", "--rm", "--network", "ghost", "busybox", "true"], "not found"),
            (["run", "--rm", "-p", "70000:80", "busybox", "true"], "70000"),
            (["run", "--rm", "--network", net, "--ip", "10.9.9.9", "busybox", "true"], "not in subnet"),
        ]
        for (arguments, text) in cases {
            let result = box.run(arguments)
            #expect(result.code != 0 && result.err.hasPrefix("minirun: ") && result.err.contains(text), "\(arguments): \(result.err)")
            #expect(result.err.split(separator: "\n").count == 1, "\(arguments): \(result.err)")
        }
        #expect(box.run(["network", "ls", "-q"]).out == before)
        #expect(box.containerIDs.isEmpty)
    }

    @Test func fiftyParallelStartsGetFiftyAddresses() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let group = DispatchGroup()
        let failures = Atomic()
        for i in 0..<50 {
            group.enter()
            DispatchQueue.global().async {
                if box.run(["run", "-d", "--name", "p\(i)", "busybox", "sleep", "300"]).code != 0 { failures.increment() }
                group.leave()
            }
        }
        group.wait()
        #expect(failures.value == 0)
        let addresses = (0..<50).map { box.address(of: "p\($0)") }
        #expect(Set(addresses).count == 50, "\(addresses)")
        #expect(!addresses.contains(""))
        let ids = box.run(["ps", "-q"]).out.split(separator: "\n").map(String.init)
        #expect(box.run(["rm", "-f"] + ids).code == 0)
        #expect(box.leases.isEmpty, "\(box.leases)")
    }

    @Test func killedMidSetupLeavesNothingTheNextCommandCannotReconcile() throws {
        let box = try Sandbox()
        defer { box.finish() }
        for attempt in 0..<12 {
            let process = try box.start(["run", "-d", "--name", "k\(attempt)", "busybox", "sleep", "300"])
            usleep(UInt32(2_000 * attempt))  // 0-22 ms: before, during and after the network setup
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        // Whatever was left, the next commands see a consistent state and clean it up.
        #expect(box.run(["ps", "-a"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "after", "busybox", "sleep", "300"]).code == 0)
        let ids = box.run(["ps", "-a", "-q"]).out.split(separator: "\n").map(String.init)
        #expect(box.run(["rm", "-f"] + ids).code == 0)
        #expect(eventually { box.leases.isEmpty }, "\(box.leases)")
        #expect(eventually { box.hostVeths.isEmpty }, "\(box.hostVeths)")
    }
}

final class Atomic: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
