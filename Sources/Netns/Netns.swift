/// Netns: container networking (rtnetlink, bridges, veth pairs, IPAM, nftables).
public enum Netns {}
