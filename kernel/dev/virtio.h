#ifndef KERNEL_DEV_VIRTIO_H
#define KERNEL_DEV_VIRTIO_H
#include "kernel/types.h"
// The virtio-mmio transport, version 2 ("modern"), and the block device's requests.
// Register offsets from the device's base address (virtio spec 1.1, section 4.2.2).

#define VIRTIO_MMIO_MAGIC_VALUE         0x000 // reads "virt"
#define VIRTIO_MMIO_VERSION             0x004 // 2 for a modern device
#define VIRTIO_MMIO_DEVICE_ID           0x008 // 2 for a block device
#define VIRTIO_MMIO_VENDOR_ID           0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES     0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES     0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL           0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX       0x034
#define VIRTIO_MMIO_QUEUE_NUM           0x038
#define VIRTIO_MMIO_QUEUE_READY         0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY        0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS    0x060
#define VIRTIO_MMIO_INTERRUPT_ACK       0x064
#define VIRTIO_MMIO_STATUS              0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW      0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH     0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW    0x090 // the available ring
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH   0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW    0x0a0 // the used ring
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH   0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION   0x0fc
#define VIRTIO_MMIO_CONFIG              0x100 // device-specific configuration space

#define VIRTIO_MAGIC        0x74726976 // "virt" in little endian
#define VIRTIO_DEVICE_BLOCK 2

// Device status bits, written by the driver as initialization proceeds.
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER      2
#define VIRTIO_STATUS_DRIVER_OK   4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED      128

// Feature bits (numbered across both 32-bit feature words).
#define VIRTIO_BLK_F_RO         5  // read-only device
#define VIRTIO_BLK_F_SCSI       7  // legacy SCSI passthrough
#define VIRTIO_BLK_F_FLUSH      9  // the device has a write cache and accepts flushes
#define VIRTIO_BLK_F_CONFIG_WCE 11 // writeback mode in config
#define VIRTIO_BLK_F_MQ         12 // more than one virtqueue
#define VIRTIO_F_ANY_LAYOUT     27
#define VIRTIO_F_INDIRECT_DESC  28
#define VIRTIO_F_EVENT_IDX      29
#define VIRTIO_F_VERSION_1      32 // bit 0 of the second word: modern device

// Block device configuration: capacity in 512-byte sectors, at VIRTIO_MMIO_CONFIG.
#define VIRTIO_BLK_SECTOR_SIZE 512

// Number of descriptors in our one virtqueue; a power of two. Three per request: a
// transaction's log blocks (and its installs) go out together, so room for a log's worth.
#define VIRTQ_SIZE 64

// A descriptor: one buffer of a request.
struct virtq_desc {
  uint64 addr; // physical address
  uint32 len;
  uint16 flags;
  uint16 next; // index of the next descriptor when VIRTQ_DESC_F_NEXT
};
#define VIRTQ_DESC_F_NEXT  1 // the request continues in .next
#define VIRTQ_DESC_F_WRITE 2 // the device writes this buffer (else reads it)

// The available ring: heads of requests the driver offers to the device.
struct virtq_avail {
  uint16 flags;
  uint16 idx; // where the driver puts the next entry (mod VIRTQ_SIZE)
  uint16 ring[VIRTQ_SIZE];
  uint16 used_event; // unused: we do not negotiate VIRTIO_F_EVENT_IDX
};

// The used ring: heads of requests the device has finished.
struct virtq_used_elem {
  uint32 id; // head descriptor of the finished request
  uint32 len;
};

struct virtq_used {
  uint16 flags;
  uint16 idx; // where the device puts the next entry (mod VIRTQ_SIZE)
  struct virtq_used_elem ring[VIRTQ_SIZE];
  uint16 avail_event;
};

// The first buffer of every block request.
#define VIRTIO_BLK_T_IN    0 // read from the disk
#define VIRTIO_BLK_T_OUT   1 // write to the disk
#define VIRTIO_BLK_T_FLUSH 4 // make completed writes durable

struct virtio_blk_req {
  uint32 type;
  uint32 reserved;
  uint64 sector;
};
#endif
