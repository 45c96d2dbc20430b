// Register probe: reads reset values of the GIC frames and the system
// registers firmware looks at, and the read-back of a few writes, and prints
// one "NAME 0xVALUE" line each through semihosting. Run on QEMU virt and on
// vp, the two outputs must differ exactly where expected_differences.txt says
// (and say why): a drift in either direction fails the test.
#include <stdint.h>
typedef uint32_t u32; typedef uint64_t u64;
static inline u32 rd(u64 a){ return *(volatile u32*)a; }
static inline void wr(u64 a, u32 v){ *(volatile u32*)a = v; }
static inline uint8_t rd8(u64 a){ return *(volatile uint8_t*)a; }
static inline void wr8(u64 a, uint8_t v){ *(volatile uint8_t*)a = v; }
static void semi(u64 op, u64 arg){ register u64 x0 asm("x0")=op; register u64 x1 asm("x1")=arg; asm volatile("hlt #0xf000"::"r"(x0),"r"(x1):"memory"); }
static char buf[64];
static void puts_(const char*s){ semi(4,(u64)s); }
static void line(const char*name, u64 v){ puts_(name); int i=0; buf[i++]=' '; buf[i++]='0'; buf[i++]='x'; for(int b=60;b>=0;b-=4){ int d=(v>>b)&15; buf[i++]= d<10?'0'+d:'a'+d-10;} buf[i++]='\n'; buf[i]=0; puts_(buf);}
#define D 0x08000000ul
#define C 0x08010000ul
#define H 0x08030000ul
#define V 0x08040000ul
#define SR(name) ({u64 v; asm volatile("mrs %0, " #name : "=r"(v)); v;})
static const char* const pidr_names[] = {"GICD_PIDR0", "GICD_PIDR1", "GICD_PIDR2", "GICD_PIDR3"};
static const char* const cidr_names[] = {"GICD_CIDR0", "GICD_CIDR1", "GICD_CIDR2", "GICD_CIDR3"};
void main_(void);
void main_(void){
  line("GICD_CTLR", rd(D)); line("GICD_TYPER", rd(D+4)); line("GICD_IIDR", rd(D+8));
  line("GICD_IGROUPR0", rd(D+0x80)); line("GICD_ISENABLER0", rd(D+0x100)); line("GICD_ISENABLER1", rd(D+0x104));
  line("GICD_IPRIORITYR0", rd(D+0x400)); line("GICD_IPRIORITYR6", rd(D+0x418)); line("GICD_ITARGETSR0", rd(D+0x800));
  line("GICD_ITARGETSR7", rd(D+0x81c)); line("GICD_ITARGETSR8", rd(D+0x820));
  line("GICD_ICFGR0", rd(D+0xc00)); line("GICD_ICFGR1", rd(D+0xc04)); line("GICD_ICFGR2", rd(D+0xc08));
  for (int i=0;i<4;i++){ line(pidr_names[i], rd(D+0xfe0+4*i)); }
  for (int i=0;i<4;i++){ line(cidr_names[i], rd(D+0xff0+4*i)); }
  line("GICD_PIDR4", rd(D+0xfd0));
  wr8(D+0x400+27, 0xff); line("IPRIORITY27<-ff", rd8(D+0x400+27));
  wr(D+0xc04, 0xffffffff); line("ICFGR1<-ffffffff", rd(D+0xc04)); wr(D+0xc04, 0);  line("ICFGR1<-0", rd(D+0xc04));
  wr(D+0xc08, 0xffffffff); line("ICFGR2<-ffffffff", rd(D+0xc08));
  wr(D+0x820, 0xffffffff); line("ITARGETSR8<-ff..", rd(D+0x820));
  wr(D+0x100, 0xffffffff); line("ISENABLER0<-ff..", rd(D+0x100)); wr(D+0x180, 0xffffffff); line("ICENABLER0<-ff.. then read", rd(D+0x100));
  line("GICC_CTLR", rd(C)); line("GICC_PMR", rd(C+4)); line("GICC_BPR", rd(C+8)); line("GICC_RPR", rd(C+0x14));
  line("GICC_HPPIR", rd(C+0x18)); line("GICC_ABPR", rd(C+0x1c)); line("GICC_IIDR", rd(C+0xfc)); line("GICC_APR0", rd(C+0xd0));
  line("GICC_IAR", rd(C+0xc));
  wr(C+4, 0xff); line("GICC_PMR<-ff", rd(C+4)); wr(C+8, 0); line("GICC_BPR<-0", rd(C+8)); wr(C+0x1c, 0); line("GICC_ABPR<-0", rd(C+0x1c));
  wr(C, 0xffffffff); line("GICC_CTLR<-ff..", rd(C)); wr(C, 0);
  line("GICH_HCR", rd(H)); line("GICH_VTR", rd(H+4)); line("GICH_VMCR", rd(H+8)); line("GICH_MISR", rd(H+0x10));
  line("GICH_EISR0", rd(H+0x20)); line("GICH_ELRSR0", rd(H+0x30)); line("GICH_APR", rd(H+0xf0)); line("GICH_LR0", rd(H+0x100));
  line("GICH_LR4", rd(H+0x110));
  wr(H+0x100, 0xffffffff); line("GICH_LR0<-ff..", rd(H+0x100)); wr(H+0x100, 0x1fffffff); line("GICH_LR0<-HW0", rd(H+0x100)); wr(H+0x100, 0x9fffffff); line("GICH_LR0<-HW1", rd(H+0x100)); wr(H+0x100,0);
  wr(H, 0xffffffff); line("GICH_HCR<-ff..", rd(H)); wr(H, 0);
  wr(H+8, 0xffffffff); line("GICH_VMCR<-ff..", rd(H+8)); wr(H+8, 0); line("GICH_VMCR<-0", rd(H+8));
  wr(H+0xf0, 0xffffffff); line("GICH_APR<-ff..", rd(H+0xf0)); wr(H+0xf0, 0);
  line("GICV_CTLR", rd(V)); line("GICV_PMR", rd(V+4)); line("GICV_BPR", rd(V+8)); line("GICV_ABPR", rd(V+0x1c));
  line("GICV_RPR", rd(V+0x14)); line("GICV_HPPIR", rd(V+0x18)); line("GICV_IIDR", rd(V+0xfc)); line("GICV_IAR", rd(V+0xc));
  line("CNTFRQ_EL0", SR(cntfrq_el0)); line("CNTHCTL_EL2", SR(cnthctl_el2)); line("CNTKCTL_EL1", SR(cntkctl_el1));
  line("CNTV_CTL_EL0", SR(cntv_ctl_el0)); line("CNTVOFF_EL2", SR(cntvoff_el2));
  line("CurrentEL", SR(CurrentEL)); line("HCR_EL2", SR(hcr_el2)); line("DAIF", SR(daif));
  line("ID_AA64PFR0", SR(id_aa64pfr0_el1)); line("ID_AA64MMFR0", SR(id_aa64mmfr0_el1)); line("MPIDR", SR(mpidr_el1));
  line("CTR_EL0", SR(ctr_el0)); line("DCZID_EL0", SR(dczid_el0)); line("VMPIDR_EL2", SR(vmpidr_el2));
  line("SCTLR_EL2", SR(sctlr_el2)); line("CPTR_EL2", SR(cptr_el2)); line("MDCR_EL2", SR(mdcr_el2));
  u64 blk[2] = {0x20026, 0}; semi(0x18, (u64)blk);
}
