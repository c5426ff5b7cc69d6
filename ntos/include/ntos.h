/* SPDX-License-Identifier: MIT */
/*
 * Kernel-wide header: the public ABI from mingw-w64's DDK headers, the loader handoff, and
 * the internal interfaces of each subsystem. Folder-private declarations stay in <ss>p.h.
 */
#ifndef BASALT_NTOS_H
#define BASALT_NTOS_H

#include <ntifs.h>

#include "arc.h"
#include "intrinx.h"
#include "pe.h"
#include "rtlformat.h"
#include "rtlsafe.h"
#include "halkrnl.h"

#include "ke.h"
#include "rtlx.h"
#include "kd.h"
#include "inbv.h"
#include "mm.h"
#include "ob.h"
#include "se.h"
#include "ps.h"
#include "ex.h"
#include "exsysinfo.h"
#include "io.h"
#include "cm.h"
#include "init.h"
#include "kt.h"

#endif
