# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
#
# U-Boot script that boots belay and the Debian guest from the first
# partition of the SD card on an Orange Pi PC (QEMU's orangepi-pc), with
# Debian's u-boot-sunxi orangepi_plus build (same SoC) at 8 KiB on the
# card. tools/guest/mkbootdisk writes it as boot.scr with guest_bootargs
# set; U-Boot's distro boot runs it. The DTB is the kernel package's
# sun8i-h3-orangepi-pc.dtb (board.dtb on the card), not U-Boot's own (an
# Orange Pi Plus's); its root has one address and one size cell. U-Boot
# adds its PSCI node (smc) at bootz and moves the DTB to the top of its
# first 160 MiB; belay writes the guest's DTB over it there.
setenv guest_bootargs "console=ttyS0,115200"
load mmc 0:1 0x49000000 board.dtb
fdt addr 0x49000000
fdt resize 4096
load mmc 0:1 0x41000000 belay.bin
load mmc 0:1 0x42000000 zImage
setenv ksize 0x${filesize}
load mmc 0:1 0x50000000 initrd.cpio.gz
setenv isize 0x${filesize}
fdt mknode /chosen module@42000000
fdt set /chosen/module@42000000 compatible "multiboot,kernel" "multiboot,module"
fdt set /chosen/module@42000000 reg <0x42000000 ${ksize}>
fdt set /chosen/module@42000000 bootargs "${guest_bootargs}"
fdt mknode /chosen module@50000000
fdt set /chosen/module@50000000 compatible "multiboot,ramdisk" "multiboot,module"
fdt set /chosen/module@50000000 reg <0x50000000 ${isize}>
bootz 0x41000000 - 0x49000000
