/* Umbrella header of the C shim: one header per concern, every C name prefixed mr_. */
#include "mr_spec.h"
#include "mr_spawn.h"
#include "mr_term.h"
#include "mr_fs.h"
#include "mr_process.h"
#include "mr_sys.h"
#include "mr_netns.h"
#include "mr_archive.h"
