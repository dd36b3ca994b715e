import Glibc
import Runtime

extension ProjectRunner {
    /// depends_on's conditions, before the service's containers are made: service_started holds once
    /// the dependency has been converged (it was, being earlier in the order); service_healthy waits
    /// for its health checks to pass (the containers' monitors write them, ContainerStore.health);
    /// service_completed_successfully waits for its containers to exit with 0.
    func waitForDependencies(of service: ComposeService) throws {
        for (name, dependency) in service.dependsOn.sorted(by: { $0.key < $1.key }) where dependency.condition != .started {
            for record in try containers(of: [name]) {
                switch dependency.condition {
                case .healthy:
                    try waitUntilHealthy(record, needsCheck: true)
                case .completedSuccessfully:
                    say("Container", record.name, "Waiting")
                    let code = try engine.wait(record.id)
                    guard code == 0 else {
                        throw RuntimeError(.conflict, "service \"\(name)\" didn't complete successfully: exit \(code)")
                    }
                    say("Container", record.name, "Exited")
                case .started:
                    break
                }
            }
        }
    }

    /// Polls until the container is healthy (or, without a health check and unless `needsCheck`,
    /// running); an unhealthy or exited container is an error naming it.
    func waitUntilHealthy(_ record: ContainerRecord, needsCheck: Bool = false) throws {
        say("Container", record.name, "Waiting")
        let hasCheck = record.config.healthcheck?.isActive ?? false
        if needsCheck && !hasCheck {
            throw RuntimeError(.conflict, "dependency failed to start: container \(record.name) has no healthcheck configured")
        }
        while true {
            let current = try engine.inspect(record.id)
            let health = engine.containers.health(record.id)
            switch health?.status {
            case .healthy:
                say("Container", record.name, "Healthy")
                return
            case .unhealthy:
                throw RuntimeError(.conflict, "dependency failed to start: container \(record.name) is unhealthy")
            case .starting, nil:
                guard engine.isRunning(current) else {
                    throw RuntimeError(.conflict, "container \(record.name) exited (\(current.state.exitCode)) while waited for")
                }
                if health == nil && !hasCheck && !needsCheck {
                    say("Container", record.name, "Running")
                    return
                }
            }
            usleep(200_000)
        }
    }
}
