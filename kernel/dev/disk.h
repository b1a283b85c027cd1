#ifndef KERNEL_DEV_DISK_H
#define KERNEL_DEV_DISK_H
// The disk: the virtio-mmio block device. Requests wait (on a condition variable) for their
// completion interrupt.
#include "kernel/types.h"

void virtio_disk_init(void);
void virtio_disk_rw(uint blockno, uchar *data, int write); // BSIZE bytes
// Writes n blocks, all in flight at once: one wait instead of n.
void virtio_disk_write_batch(const uint *blockno, uchar *const *data, int n);
void virtio_disk_flush(void);    // everything written so far is on stable storage
uint64 virtio_disk_blocks(void); // the disk's size in file-system blocks
void virtio_disk_intr(void);
// The swap disk (a second virtio disk, optional): it hands its slots to the memory layer.
void swapdisk_init(void);
void swapdisk_intr(void);
#endif
