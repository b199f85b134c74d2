# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
#
# U-Boot script that boots belay and the Debian guest from the first
# partition of the first virtio disk, on QEMU's virt machine with Debian's
# u-boot-qemu as -bios. tools/guest/mkbootdisk writes it, with the
# guest_bootargs line set to the guest's command line, into the disk as
# boot.scr (mkimage -T script); U-Boot's distro boot runs it.
#
# QEMU's DTB is at ${fdt_addr} (0x40000000), 1 MiB long, so belay.bin goes
# above it. The zImage decompresses to 0x40208000 and up: it sits at
# 0x42000000, the initrd at 0x50000000 (at least 512 MiB of RAM). belay
# writes the guest's DTB over this one, which needs room for the modules'
# nodes and belay's /hypervisor node (fdt resize).
setenv guest_bootargs "console=ttyAMA0"
fdt addr ${fdt_addr}
fdt resize 4096
load virtio 0:1 0x41000000 belay.bin
load virtio 0:1 0x42000000 zImage
setenv ksize 0x${filesize}
load virtio 0:1 0x50000000 initrd.cpio.gz
setenv isize 0x${filesize}
fdt mknode /chosen module@42000000
fdt set /chosen/module@42000000 compatible "multiboot,kernel" "multiboot,module"
fdt set /chosen/module@42000000 reg <0x0 0x42000000 0x0 ${ksize}>
fdt set /chosen/module@42000000 bootargs "${guest_bootargs}"
fdt mknode /chosen module@50000000
fdt set /chosen/module@50000000 compatible "multiboot,ramdisk" "multiboot,module"
fdt set /chosen/module@50000000 reg <0x0 0x50000000 0x0 ${isize}>
bootz 0x41000000 - ${fdt_addr}
