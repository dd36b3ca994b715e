/// Users of Runtime (the CLI, tests) also speak in Netns types: addresses, networks, the Explainer.
@_exported import Netns
