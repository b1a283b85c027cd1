// Driver for the virtio-mmio (version 2) block devices: the file system's disk at VIRTIO0
// and, if the machine has one, the swap disk at VIRTIO1.
//
// One virtqueue of VIRTQ_SIZE descriptors. A request is a chain of descriptors: the request
// header (read by the device), its data buffers, consecutive on the disk (read or written by
// the device; flushes have none), and a status byte (written by the device). A caller may put
// several requests on the queue before one notify (do_requests), then waits on a condition
// variable until the completion interrupt marks each done.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fs.h"
#include "kernel/kstats.h"
#include "kernel/arch/memlayout.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/core/condvar.h"
#include "kernel/dev/virtio.h"
#include "kernel/dev/disk.h"
#include "kernel/dev/blktrace.h"

#include "kernel/mem/swap.h"

// What the driver remembers about a request, indexed by its head descriptor.
struct request {
  struct virtio_blk_req hdr; // first buffer of the chain
  volatile uchar status;     // last buffer: 0 means success
  int in_flight;             // the device has it; cleared by the interrupt handler
  struct condvar done;       // signalled by the interrupt handler
};

// One request of a batch: a read or write of nbuf buffers of buflen bytes each, to or from
// consecutive sectors from sector on, or a cache flush (nbuf == 0).
#define MAXBUFS 32 // buffers in one request, well within the queue
_Static_assert(SWAP_BATCH <= MAXBUFS, "a batch of page-outs must fit in one request");
struct disk_io {
  uint64 sector;
  void *const *buf;
  int nbuf;
  uint32 buflen;
  int write;  // the device reads the buffers (else fills them)
  int status; // set when done: 0 means success
};

struct vdisk {
  uint64 base; // its registers
  // The rings are shared with the device, which finds them by physical address: the
  // kernel's memory is mapped at the same virtual address, so static memory will do.
  struct virtq_desc ring_desc[VIRTQ_SIZE] __attribute__((aligned(16)));
  struct virtq_avail ring_avail __attribute__((aligned(2)));
  struct virtq_used ring_used __attribute__((aligned(4)));
  struct spinlock lock;
  char desc_free[VIRTQ_SIZE];
  struct condvar desc_freed; // a request's descriptors went back to the free list
  uint16 used_seen;          // used-ring entries already handled
  struct request req[VIRTQ_SIZE];
  uint64 nblocks; // capacity in BSIZE blocks
  int can_flush;  // the device has a write cache and we may flush it
};

static struct vdisk disk = {.base = VIRTIO0};
static struct vdisk swapdisk = {.base = VIRTIO1};

static volatile uint32 *reg(struct vdisk *d, int off) {
  return (volatile uint32 *)(d->base + off);
}
#define REG(off)   reg(d, (off))
#define ring_desc  d->ring_desc
#define ring_avail d->ring_avail
#define ring_used  d->ring_used

uint64 virtio_disk_blocks(void) {
  return disk.nblocks;
}

static void set_status(struct vdisk *d, uint32 *status, uint32 bit) {
  *status |= bit;
  *REG(VIRTIO_MMIO_STATUS) = *status;
}

// Reads the device's capacity, retrying if the device changed its configuration meanwhile.
static uint64 read_capacity_sectors(struct vdisk *d) {
  uint32 gen, lo, hi;
  do {
    gen = *REG(VIRTIO_MMIO_CONFIG_GENERATION);
    lo = *REG(VIRTIO_MMIO_CONFIG);
    hi = *REG(VIRTIO_MMIO_CONFIG + 4);
  } while (gen != *REG(VIRTIO_MMIO_CONFIG_GENERATION));
  return ((uint64)hi << 32) | lo;
}

// Whether d's registers answer as a virtio-mmio version 2 block device.
static int present(struct vdisk *d) {
  return *REG(VIRTIO_MMIO_MAGIC_VALUE) == VIRTIO_MAGIC && *REG(VIRTIO_MMIO_VERSION) == 2 &&
         *REG(VIRTIO_MMIO_DEVICE_ID) == VIRTIO_DEVICE_BLOCK;
}

static void vdisk_init(struct vdisk *d) {
  initlock(&d->lock, "virtio_disk");
  cv_init(&d->desc_freed, "disk_desc");
  for (int i = 0; i < VIRTQ_SIZE; i++) {
    d->desc_free[i] = 1;
    cv_init(&d->req[i].done, "disk_io");
  }

  uint32 status = 0;
  *REG(VIRTIO_MMIO_STATUS) = status; // reset
  set_status(d, &status, VIRTIO_STATUS_ACKNOWLEDGE);
  set_status(d, &status, VIRTIO_STATUS_DRIVER);

  // Accept only what this driver understands: a modern device, and flushing of the
  // device's write cache (without it, QEMU writes through to its disk image on every
  // request); nothing else: no multiple queues, no event index, no indirect descriptors...
  *REG(VIRTIO_MMIO_DEVICE_FEATURES_SEL) = 1;
  uint32 high = *REG(VIRTIO_MMIO_DEVICE_FEATURES);
  uint32 version_1 = 1U << (VIRTIO_F_VERSION_1 - 32);
  if (!(high & version_1))
    panic("virtio_disk_init: device does not offer VIRTIO_F_VERSION_1");
  *REG(VIRTIO_MMIO_DEVICE_FEATURES_SEL) = 0;
  uint32 low = *REG(VIRTIO_MMIO_DEVICE_FEATURES) & (1U << VIRTIO_BLK_F_FLUSH);
  d->can_flush = low != 0;
  *REG(VIRTIO_MMIO_DRIVER_FEATURES_SEL) = 0;
  *REG(VIRTIO_MMIO_DRIVER_FEATURES) = low;
  *REG(VIRTIO_MMIO_DRIVER_FEATURES_SEL) = 1;
  *REG(VIRTIO_MMIO_DRIVER_FEATURES) = version_1;

  set_status(d, &status, VIRTIO_STATUS_FEATURES_OK);
  if (!(*REG(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
    panic("virtio_disk_init: device refused our features");

  *REG(VIRTIO_MMIO_QUEUE_SEL) = 0;
  if (*REG(VIRTIO_MMIO_QUEUE_READY))
    panic("virtio_disk_init: queue 0 already in use");
  if (*REG(VIRTIO_MMIO_QUEUE_NUM_MAX) < VIRTQ_SIZE)
    panic("virtio_disk_init: queue 0 too short");
  *REG(VIRTIO_MMIO_QUEUE_NUM) = VIRTQ_SIZE;

  uint64 desc = (uint64)ring_desc, avail = (uint64)&ring_avail, used = (uint64)&ring_used;
  *REG(VIRTIO_MMIO_QUEUE_DESC_LOW) = (uint32)desc;
  *REG(VIRTIO_MMIO_QUEUE_DESC_HIGH) = (uint32)(desc >> 32);
  *REG(VIRTIO_MMIO_QUEUE_DRIVER_LOW) = (uint32)avail;
  *REG(VIRTIO_MMIO_QUEUE_DRIVER_HIGH) = (uint32)(avail >> 32);
  *REG(VIRTIO_MMIO_QUEUE_DEVICE_LOW) = (uint32)used;
  *REG(VIRTIO_MMIO_QUEUE_DEVICE_HIGH) = (uint32)(used >> 32);
  *REG(VIRTIO_MMIO_QUEUE_READY) = 1;

  d->nblocks = read_capacity_sectors(d) * VIRTIO_BLK_SECTOR_SIZE / BSIZE;

  set_status(d, &status, VIRTIO_STATUS_DRIVER_OK);
}

void virtio_disk_init(void) {
  if (!present(&disk))
    panic("virtio_disk_init: no virtio-mmio version 2 block device at VIRTIO0");
  vdisk_init(&disk);
}

// Takes n free descriptors into idx[], all or none. Returns 0, or -1 if too few are free.
static int take_descs(struct vdisk *d, int *idx, int n) {
  int got = 0;
  for (int i = 0; i < VIRTQ_SIZE && got < n; i++) {
    if (d->desc_free[i]) {
      d->desc_free[i] = 0;
      idx[got++] = i;
    }
  }
  if (got == n)
    return 0;
  while (got > 0)
    d->desc_free[idx[--got]] = 1;
  return -1;
}

// Returns a request's chain of descriptors to the free list.
static void free_chain(struct vdisk *d, int head) {
  int i = head;
  for (;;) {
    struct virtq_desc *desc = &ring_desc[i];
    int more = desc->flags & VIRTQ_DESC_F_NEXT;
    int next = desc->next;
    if (d->desc_free[i])
      panic("virtio_disk: freeing a free descriptor");
    d->desc_free[i] = 1;
    desc->addr = 0;
    desc->len = 0;
    desc->flags = 0;
    desc->next = 0;
    if (!more)
      break;
    i = next;
  }
  cv_broadcast(&d->desc_freed);
}

// Puts one request on the available ring (the device sees it at the next notify): a header,
// then its buffers, then the status byte. Returns its head descriptor, or -1 if too few
// descriptors are free. Caller holds d->lock.
static int submit(struct vdisk *d, struct disk_io *io) {
  if (io->nbuf > MAXBUFS)
    panic("virtio_disk: too many buffers in one request");
  int ndesc = io->nbuf + 2;
  int idx[MAXBUFS + 2] = {0}; // (set by take_descs; gcc cannot tell)
  if (take_descs(d, idx, ndesc) < 0)
    return -1;

  struct request *rq = &d->req[idx[0]];
  rq->hdr.type = io->nbuf == 0 ? VIRTIO_BLK_T_FLUSH
                 : io->write   ? VIRTIO_BLK_T_OUT
                               : VIRTIO_BLK_T_IN;
  rq->hdr.reserved = 0;
  rq->hdr.sector = io->sector;
  rq->status = 0xff; // the device overwrites it

  ring_desc[idx[0]] =
      (struct virtq_desc){(uint64)&rq->hdr, sizeof(rq->hdr), VIRTQ_DESC_F_NEXT, idx[1]};
  uint16 flags = VIRTQ_DESC_F_NEXT | (io->write ? 0 : VIRTQ_DESC_F_WRITE);
  for (int i = 0; i < io->nbuf; i++)
    ring_desc[idx[i + 1]] = (struct virtq_desc){(uint64)io->buf[i], io->buflen, flags, idx[i + 2]};
  ring_desc[idx[ndesc - 1]] = (struct virtq_desc){(uint64)&rq->status, 1, VIRTQ_DESC_F_WRITE, 0};

  rq->in_flight = 1;
  ring_avail.ring[ring_avail.idx % VIRTQ_SIZE] = idx[0];
  __sync_synchronize(); // the device must see the entry before the new index
  ring_avail.idx++;
  return idx[0];
}

static void notify(struct vdisk *d) {
  __sync_synchronize();
  *REG(VIRTIO_MMIO_QUEUE_NOTIFY) = 0;
}

// Waits until the request at head is done, frees its descriptors and returns its status.
// Caller holds d->lock.
static int finish(struct vdisk *d, int head) {
  struct request *rq = &d->req[head];
  while (rq->in_flight)
    cv_wait(&rq->done, &d->lock);
  int status = rq->status;
  free_chain(d, head);
  return status;
}

// Sends n requests, as many at a time as the queue holds, with one notify per group, and
// waits for all of them: the device works on a group while we wait once, instead of each
// request waiting for the one before. Fills io[i].status. Any disk, any mix of reads and
// writes; requests in one call may complete in any order.
static void do_requests(struct vdisk *d, struct disk_io *io, int n) {
  int head[n];
  acquire(&d->lock);
  int sent = 0, done = 0;
  while (done < n) {
    int before = sent;
    while (sent < n) {
      head[sent] = submit(d, &io[sent]);
      if (head[sent] < 0)
        break;
      sent++;
    }
    if (sent > before)
      notify(d);
    if (done == sent) { // the queue is full of others' requests
      cv_wait(&d->desc_freed, &d->lock);
      continue;
    }
    // Waiting for our oldest request frees descriptors for the rest.
    io[done].status = finish(d, head[done]);
    done++;
  }
  release(&d->lock);
}

// Sends one request for one buffer (none: a flush) and waits for it. Returns the status.
static int do_request(struct vdisk *d, uint64 sector, void *data, uint32 len, int write) {
  struct disk_io io = {sector, &data, data != 0, len, write, 0};
  do_requests(d, &io, 1);
  return io.status;
}

static void check_block(struct vdisk *d, uint blockno) {
  if (blockno >= d->nblocks)
    panic("virtio_disk: block beyond the end of the disk");
}

static void io_error(const char *what, uint blockno, int status) {
  printf("virtio_disk: %s of block %d failed with status %d\n", what, blockno, status);
  panic("virtio_disk: I/O error");
}

// Reads (write == 0) or writes block blockno through data (BSIZE bytes); returns when done.
void virtio_disk_rw(uint blockno, uchar *data, int write) {
  if (write) {
    virtio_disk_write_batch(&blockno, &data, 1);
    return;
  }
  struct vdisk *d = &disk;
  check_block(d, blockno);
  KSTAT_INC(disk_reads);
  int status = do_request(d, (uint64)blockno * (BSIZE / VIRTIO_BLK_SECTOR_SIZE), data, BSIZE, 0);
  if (status != 0)
    io_error("read", blockno, status);
}

// Writes data[i] (BSIZE bytes) to block blockno[i] for each i < n, all in flight at once;
// returns when every one is done. Their order on the disk is unspecified, as between any
// two flushes.
void virtio_disk_write_batch(const uint *blockno, uchar *const *data, int n) {
  if (n <= 0)
    return;
  struct vdisk *d = &disk;
  struct disk_io io[n];
  for (int i = 0; i < n; i++) {
    check_block(d, blockno[i]);
    KSTAT_INC(disk_writes);
    blktrace_write(blockno[i], data[i]);
    io[i] = (struct disk_io){.sector = (uint64)blockno[i] * (BSIZE / VIRTIO_BLK_SECTOR_SIZE),
                             .buf = (void *const *)&data[i],
                             .nbuf = 1,
                             .buflen = BSIZE,
                             .write = 1};
  }
  do_requests(d, io, n);
  // Without a write cache a completed write is durable: the end of a batch is a barrier.
  if (!d->can_flush)
    blktrace_flush();
  for (int i = 0; i < n; i++)
    if (io[i].status != 0)
      io_error("write", blockno[i], io[i].status);
}

// Returns once every write completed so far is on stable storage (a no-op if the device
// has no write cache to flush).
void virtio_disk_flush(void) {
  if (!disk.can_flush)
    return;
  blktrace_flush();
  KSTAT_INC(disk_flushes);
  if (do_request(&disk, 0, 0, 0, 1) != 0)
    panic("virtio_disk_flush: I/O error");
}

// Completion interrupt: wake the owner of every request the device has finished.
static void vdisk_intr(struct vdisk *d) {
  acquire(&d->lock);

  // Acknowledge first, so a completion that arrives while we scan raises a new interrupt.
  *REG(VIRTIO_MMIO_INTERRUPT_ACK) = *REG(VIRTIO_MMIO_INTERRUPT_STATUS) & 0x3;
  __sync_synchronize();

  while (d->used_seen != *(volatile uint16 *)&ring_used.idx) {
    __sync_synchronize(); // read the entry only after seeing the index
    uint32 id = ring_used.ring[d->used_seen % VIRTQ_SIZE].id;
    d->used_seen++;
    if (id >= VIRTQ_SIZE || !d->req[id].in_flight)
      continue; // not a request of ours: nothing to wake
    d->req[id].in_flight = 0;
    cv_broadcast(&d->req[id].done);
  }

  release(&d->lock);
}

void virtio_disk_intr(void) {
  vdisk_intr(&disk);
}

// ---------------------------------------------------------------------------------------------
// The swap disk: whole pages, in slots of PGSIZE bytes; a request carries a run of neighbouring
// slots. Its contents need not outlive a boot, so writes are never flushed.

static void swapdisk_rw(struct swap_io *sio, int n, int write) {
  struct disk_io io[n];
  for (int i = 0; i < n; i++)
    io[i] = (struct disk_io){.sector = sio[i].slot * (PGSIZE / VIRTIO_BLK_SECTOR_SIZE),
                             .buf = (void *const *)sio[i].pages,
                             .nbuf = sio[i].n,
                             .buflen = PGSIZE,
                             .write = write};
  do_requests(&swapdisk, io, n);
  for (int i = 0; i < n; i++) {
    sio[i].status = io[i].status == 0 ? 0 : -1;
    if (io[i].status != 0)
      printf("swap disk: %s of slots %d-%d failed with status %d\n", write ? "write" : "read",
             (int)sio[i].slot, (int)(sio[i].slot + sio[i].n - 1), io[i].status);
  }
}

void swapdisk_init(void) {
  if (!present(&swapdisk)) {
    printf("swap: no second disk, swapping disabled\n");
    return;
  }
  vdisk_init(&swapdisk);
  swap_attach(swapdisk.nblocks * BSIZE / PGSIZE, swapdisk_rw);
}

void swapdisk_intr(void) {
  if (swapdisk.base && swapdisk.nblocks)
    vdisk_intr(&swapdisk);
}
