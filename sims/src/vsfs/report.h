/* How vsfs shows the file system: the original's four-line dump, a picture
 * (bitmaps and the directory tree) and JSON. */
#ifndef VSFS_REPORT_H
#define VSFS_REPORT_H

#include "json.h"
#include "linebuf.h"
#include "vsfs.h"

/* The original's dump: inode bitmap, inodes, data bitmap, data. */
void vsfs_dump(linebuf *b, const vsfs_fs *fs);

/* The bitmaps as '#' (used) and '.' (free), and the directory tree. */
#define PICTURE_TREE_LINES 200
void vsfs_picture(linebuf *b, const vsfs_fs *fs);

/* The state as one JSON object. */
void vsfs_json_state(json_writer *w, const vsfs_fs *fs);
/* The operation as the original prints it (without the newline). */
void vsfs_op_text(linebuf *b, const vsfs_op *op);

#endif
