#ifndef CSECCOMP_SHIM_H
#define CSECCOMP_SHIM_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#ifdef __linux__
#include <seccomp.h>
#include <stdint.h>

// libseccomp spells these actions as function-like macros, which Swift cannot import.
static inline uint32_t cseccomp_act_errno(uint16_t code) { return SCMP_ACT_ERRNO(code); }
static inline uint32_t cseccomp_act_trace(uint16_t code) { return SCMP_ACT_TRACE(code); }
static inline uint32_t cseccomp_act_allow(void) { return SCMP_ACT_ALLOW; }
static inline uint32_t cseccomp_act_kill_thread(void) { return SCMP_ACT_KILL_THREAD; }
static inline uint32_t cseccomp_act_kill_process(void) { return SCMP_ACT_KILL_PROCESS; }
static inline uint32_t cseccomp_act_trap(void) { return SCMP_ACT_TRAP; }
static inline uint32_t cseccomp_act_log(void) { return SCMP_ACT_LOG; }
static inline uint32_t cseccomp_arch_native(void) { return SCMP_ARCH_NATIVE; }
#endif

#endif
