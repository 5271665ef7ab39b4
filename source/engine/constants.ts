/**
 * Constants of sys/amd64/include/pmap.h and the x86 architecture. Addresses in the
 * engine are 4 KiB page numbers (VPN/PFN): a kernel byte address such as
 * 0xffff800000000000 does not fit a double, its page number does.
 */

/** Bytes in a base page. */
export const PAGE_SIZE = 4096;

/** PMAP_PCID_NONE: the PCID record of a pmap that never ran on a CPU. */
export const PMAP_PCID_NONE = 0xff_ff_ff_ff;
/** PMAP_PCID_KERN: PCID 0 is kernel_pmap's. */
export const PMAP_PCID_KERN = 0;
/** PMAP_PCID_OVERMAX: PCIDs are 12 bits; without PTI the allocator wraps here. */
export const PMAP_PCID_OVERMAX = 0x1000;
/** PMAP_PCID_OVERMAX_KERN: under PTI kernel-table PCIDs stop below the user-table bit. */
export const PMAP_PCID_OVERMAX_KERN = 0x800;
/** PMAP_PCID_USER_PT: the user page table's PCID is the kernel one with bit 11 set. */
export const PMAP_PCID_USER_PT = 0x800;

/**
 * PMAP_INVLPG_THRESHOLD = 4 * 1024 * PAGE_SIZE: pmap_invalidate_range turns ranges of
 * this many pages or more into pmap_invalidate_all (r291906).
 */
export const PMAP_INVLPG_THRESHOLD_PAGES = 4096;

/** First page number above the user half (VM_MAXUSER_ADDRESS = 0x0000800000000000). */
export const USER_VPN_LIMIT = 0x8_0000_0000;
/** First page number of the kernel half (0xffff800000000000). */
export const KERNEL_VPN_BASE = 0xf_fff8_0000_0000;
/** Last page number of the address space plus one (2^64 / 4096). */
export const VPN_LIMIT = 0x10_0000_0000_0000;

/** True when VPN lies in the user half of the address space. */
export function isUserVpn(vpn: number): boolean {
	return vpn >= 0 && vpn < USER_VPN_LIMIT;
}

/** True when VPN lies in the kernel half of the address space. */
export function isKernelVpn(vpn: number): boolean {
	return vpn >= KERNEL_VPN_BASE && vpn < VPN_LIMIT;
}

/** Formats a page number as the byte address `0x...` used in events and reports. */
export function formatAddress(pageNumber: number): string {
	return '0x' + (BigInt(pageNumber) * BigInt(PAGE_SIZE)).toString(16);
}
