import Netns

// The Netns types Runtime's public API speaks in, named here so that its users (the CLI, compose,
// build) import Runtime alone: imports point one way, minirun -> Runtime -> Netns -> CRuntimeShims.

/// A container's or a gateway's address (`--ip`, `network create --gateway`).
public typealias IPv4Address = Netns.IPv4Address
/// A network's subnet (`network create --subnet`).
public typealias IPv4Network = Netns.IPv4Network
/// A published port (`-p`).
public typealias PublishedPort = Netns.PublishedPort
/// Prints every step as the command that would do it by hand (`--explain`).
public typealias Explainer = Netns.Explainer
/// A container interface's MAC (`--mac-address`).
public typealias MACAddress = Netns.MACAddress
