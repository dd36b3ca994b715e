#ifndef MR_NETNS_H
#define MR_NETNS_H
/* Network-namespace helpers for Netns (to be written). */
#endif
