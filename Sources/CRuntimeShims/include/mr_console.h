#ifndef MR_CONSOLE_H
#define MR_CONSOLE_H

/*
 * The OCI console socket: connects to the AF_UNIX socket at path (what `create --console-socket`
 * names) and sends fd, a pty master, with SCM_RIGHTS, as runc does. Returns 0 or -errno.
 */
int mr_console_send(const char *path, int fd);

#endif
