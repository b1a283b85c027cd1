/* paging-linear-translate: translate virtual addresses through a random
 * linear page table. A drop-in for OSTEP's paging-linear-translate.py. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "linear.h"
#include "lists.h"
#include "opts.h"
#include "pyfmt.h"
#include "pynum.h"

static long long size_option(const char *flag, const char *text) {
  long long value = 0;
  if (pysize_parse(text, &value) == PYNUM_INVALID)
    opts_die("option %s: invalid size %s (a number with an optional k, m or g suffix)", flag,
             opts_repr(text));
  return value;
}

typedef struct {
  char *seed;
  const char *addresses_text, *asize_text, *psize_text, *pagesize_text;
  long long naddresses, used_percent;
  bool verbose, compute, json;
} options;

/* The addresses to translate: the -A list, or drawn from the seed. */
typedef struct {
  bool random;
  long long count;
  long long *list; /* the -A values */
} address_source;

static address_source parse_addresses(const options *o) {
  address_source src = {.random = !strcmp(o->addresses_text, "-1")};
  if (src.random) {
    src.count = o->naddresses > 0 ? o->naddresses : 0;
    return src;
  }
  str_list items = list_split(o->addresses_text, ',');
  src.count = (long long)items.count;
  src.list = malloc(items.count * sizeof *src.list);
  if (!src.list)
    opts_die("out of memory");
  for (size_t i = 0; i < items.count; i++) {
    pynum_status status = pyint_parse(items.items[i], PYINT_PLAIN, &src.list[i]);
    if (status != PYNUM_OK)
      opts_die("option -A: %s is not %s (a comma-separated list of addresses, or -1)",
               opts_repr(items.items[i]),
               status == PYNUM_RANGE ? "a 64-bit integer" : "an integer");
  }
  list_free(&items);
  return src;
}

static long long next_address(const address_source *src, long long i, const linear_table *t,
                              pyrandom *rng) {
  if (src->random)
    return (long long)((double)t->address_space * pyrandom_random(rng));
  return src->list[i];
}

/* With answers, every -A address must fall inside the table (the original
 * crashes on the first one that does not). */
static void check_addresses(const address_source *src, const linear_table *t) {
  for (long long i = 0; !src->random && i < src->count; i++) {
    long long vpn = linear_vpn(t, src->list[i]);
    if (vpn >= t->npages)
      opts_die("option -A: address %lld is on page %lld, beyond the %lld pages of the "
               "address space",
               src->list[i], vpn, t->npages);
  }
}

/* Python's '%08x' of a possibly negative number: the sign counts in the
 * width. */
static const char *hex08(long long v, char buf[32]) {
  if (v < 0)
    snprintf(buf, 32, "-%07llx", 0ULL - (unsigned long long)v);
  else
    snprintf(buf, 32, "%08llx", v);
  return buf;
}

static void print_text(const options *o, const linear_table *t, const address_source *src,
                       pyrandom *rng) {
  printf("\n"
         "The format of the page table is simple:\n"
         "The high-order (left-most) bit is the VALID bit.\n"
         "  If the bit is 1, the rest of the entry is the PFN.\n"
         "  If the bit is 0, the page is not valid.\n"
         "Use verbose mode (-v) if you want to print the VPN # by\n"
         "each entry of the page table.\n"
         "\n"
         "Page Table (from entry 0 down to the max size)\n");
  for (long long vpn = 0; vpn < t->npages; vpn++) {
    if (o->verbose)
      printf("  [%8lld]  ", vpn);
    else
      printf("  ");
    unsigned pte = t->pfn[vpn] < 0 ? 0 : 0x80000000u | (unsigned)t->pfn[vpn];
    printf("0x%08x\n", pte);
  }
  printf("\nVirtual Address Trace\n");
  for (long long i = 0; i < src->count; i++) {
    long long va = next_address(src, i, t, rng);
    char hex[32];
    printf("  VA 0x%s (decimal: %8lld) --> ", hex08(va, hex), va);
    long long pa;
    if (!o->compute)
      printf("PA or invalid address?\n");
    else if (linear_translate(t, va, &pa))
      printf("%08llx (decimal %8lld) [VPN %lld]\n", pa, pa, linear_vpn(t, va));
    else
      printf(" Invalid (VPN %lld not valid)\n", linear_vpn(t, va));
  }
  printf("\n");
  if (!o->compute)
    printf("For each virtual address, write down the physical address it translates to\n"
           "OR write down that it is an out-of-bounds address (e.g., segfault).\n"
           "\n");
}

static void print_json(const options *o, const linear_table *t, const address_source *src,
                       pyrandom *rng) {
  json_writer w;
  json_init(&w, stdout);
  json_document_begin(&w, "paging-linear-translate", NULL, NULL);
  json_kv_int(&w, "address_space", t->address_space);
  json_kv_int(&w, "physical_memory", t->physical_memory);
  json_kv_int(&w, "page_size", t->page_size);
  json_kv_int(&w, "pages", t->npages);
  json_kv_int(&w, "frames", t->nframes);

  long long nvalid = 0;
  json_key(&w, "page_table");
  json_array_begin(&w);
  for (long long vpn = 0; vpn < t->npages; vpn++) {
    json_object_begin_compact(&w);
    json_kv_int(&w, "vpn", vpn);
    json_kv_bool(&w, "valid", t->pfn[vpn] >= 0);
    json_key(&w, "pfn");
    if (t->pfn[vpn] >= 0) {
      json_int(&w, t->pfn[vpn]);
      nvalid++;
    } else {
      json_null(&w);
    }
    json_object_end(&w);
  }
  json_array_end(&w);
  json_kv_int(&w, "valid_pages", nvalid);

  long long ntranslated = 0;
  json_key(&w, "addresses");
  json_array_begin(&w);
  for (long long i = 0; i < src->count; i++) {
    long long va = next_address(src, i, t, rng), pa;
    bool valid = linear_translate(t, va, &pa);
    json_object_begin_compact(&w);
    json_kv_int(&w, "va", va);
    json_kv_int(&w, "vpn", linear_vpn(t, va));
    json_kv_bool(&w, "valid", valid);
    json_key(&w, "pa");
    if (valid) {
      json_int(&w, pa);
      ntranslated++;
    } else {
      json_null(&w);
    }
    json_object_end(&w);
  }
  json_array_end(&w);
  json_kv_int(&w, "valid_addresses", ntranslated);
  json_object_end(&w);
  json_finish(&w);
}

int main(int argc, char **argv) {
  options o = {
      .seed = "0",
      .addresses_text = "-1",
      .asize_text = "16k",
      .psize_text = "64k",
      .pagesize_text = "4k",
      .naddresses = 5,
      .used_percent = 50,
  };
  const opt_spec specs[] = {
      {'A', "addresses", OPT_STRING, &o.addresses_text, NULL,
       "comma-separated virtual addresses to translate; -1 draws them at random"},
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed"},
      {'a', "asize", OPT_STRING, &o.asize_text, NULL,
       "size of the address space (e.g. 16, 64k, 32m, 1g)"},
      {'p', "physmem", OPT_STRING, &o.psize_text, "PSIZE",
       "size of physical memory (e.g. 16, 64k, 32m, 1g)"},
      {'P', "pagesize", OPT_STRING, &o.pagesize_text, NULL, "page size (e.g. 4k, 8k)"},
      {'n', "numaddrs", OPT_INT, &o.naddresses, "NUM", "how many random addresses to draw"},
      {'u', "used", OPT_INT, &o.used_percent, NULL, "percent of the address space that is mapped"},
      {'v', NULL, OPT_FLAG, &o.verbose, NULL, "print the VPN next to each page table entry",
       "verbose"},
      {'c', NULL, OPT_FLAG, &o.compute, NULL, "compute the answers", "solve"},
      {0, "json", OPT_FLAG, &o.json, NULL, "print the page table and every translation as JSON"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));

  long long asize = size_option("-a", o.asize_text);
  long long psize = size_option("-p", o.psize_text);
  long long pagesize = size_option("-P", o.pagesize_text);
  linear_table table;
  const char *message = NULL;
  linear_status status = linear_check(&table, asize, psize, pagesize, &message);
  if (status == LINEAR_BAD)
    opts_die("%s", message);
  if (status == LINEAR_REFUSED && o.json) {
    const char *colon = strchr(message, ':'); /* drop the original's "Error...:" */
    opts_die("%s", colon ? colon + 2 : message);
  }

  address_source addresses = {0};
  if (status == LINEAR_OK) {
    addresses = parse_addresses(&o);
    if (o.compute || o.json)
      check_addresses(&addresses, &table);
  }

  if (!o.json) {
    printf("ARG seed %s\n", o.seed);
    printf("ARG address space size %s\n", o.asize_text);
    printf("ARG phys mem size %s\n", o.psize_text);
    printf("ARG page size %s\n", o.pagesize_text);
    printf("ARG verbose %s\n", pyfmt_bool(o.verbose));
    printf("ARG addresses %s\n", o.addresses_text);
    printf("\n");
    if (status == LINEAR_REFUSED) {
      printf("%s\n", message);
      return 1;
    }
  }

  pyrandom rng;
  if (pyrandom_seed_str(&rng, o.seed) != 0)
    opts_die("option -s: invalid seed %s", opts_repr(o.seed));
  if (!linear_fill(&table, &rng, o.used_percent))
    opts_die("out of memory for a page table of %lld entries", table.npages);
  if (o.json)
    print_json(&o, &table, &addresses, &rng);
  else
    print_text(&o, &table, &addresses, &rng);
  linear_free(&table);
  free(addresses.list);
  return 0;
}
