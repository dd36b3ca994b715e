import Netns

/// Runtime: images, containers, state and lifecycle.
public enum Runtime {}
