/**
 * The demo district: 平城区 (Pingcheng, Datong), built from the newspaper page in shared/seed and
 * DOMAIN.md §1–3. Pure data — no imports, no database code; a seeder turns these rows into places,
 * units, categories and users. Keys are stable ASCII slugs that other demo data and tests refer to.
 *
 * What comes from the seed and what was made up to fill the tree is listed in ./README.md. Names
 * of compounds, communities and companies not in the seed, all phone numbers and all coordinates
 * are invented (coordinates are plausible points in 40.05–40.12 N, 113.25–113.38 E).
 */

/** Levels of the one place tree (DOMAIN.md §2). A township (乡/镇) is stored at level 'street'. */
export type PlaceLevel = 'district' | 'street' | 'community' | 'compound' | 'building' | 'unit';

/** One node of the place tree. `households` is set on compounds and buildings; roll it up for higher levels. */
export interface DemoPlace {
  key: string;
  name: string;
  level: PlaceLevel;
  parent?: string;
  households?: number;
  lat?: number;
  lng?: number;
  note?: string;
}

export type UnitKindCode =
  | 'district_department'
  | 'street_office'
  | 'community_committee'
  | 'village_committee'
  | 'property_company'
  | 'heating_company'
  | 'power_supply'
  | 'telecom_carrier'
  | 'water_company'
  | 'sanitation';

/** A kind of responsible unit (责任单位类型); unit kinds are data, not code. */
export interface DemoUnitKind {
  code: UnitKindCode;
  zh: string;
  en: string;
}

/** A responsible unit; `covers` lists place keys whose whole subtrees the unit serves. */
export interface DemoUnit {
  key: string;
  name: string;
  kind: UnitKindCode;
  covers: string[];
  phone?: string;
}

/**
 * Deadlines of one priority: sign-off (签收), response (resident contacted) and resolution (办结).
 * Limit strings: '<n>m' minutes, '<n>h' clock hours, '<n>wd' working days (see common/calendar.ts).
 */
export interface DemoSla {
  signoff: string;
  response: string;
  resolution: string;
}

/** An extra question asked when reporting in a category (an Open311 service attribute). */
export interface DemoField {
  code: string;
  label: string;
  labelEn: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  values?: { key: string; name: string }[];
  description?: string;
}

/** A request category (an Open311 service); a two-level tree, leaves are what residents pick. */
export interface DemoCategory {
  code: string;
  name: string;
  nameEn: string;
  parent?: string;
  kind: 'hardware' | 'service' | 'other';
  defaultUnitKind?: UnitKindCode;
  sla?: { normal: DemoSla; urgent?: DemoSla; emergency?: DemoSla };
  fields?: DemoField[];
  keywords?: string[];
}

export type RoleCode =
  | 'admin'
  | 'supervisor'
  | 'dispatcher'
  | 'handler'
  | 'inspector'
  | 'resident'
  | 'organiser'
  | 'merchant';

/**
 * A demo login. `unit` is set for handlers; `place` is the scope of supervisors, dispatchers and
 * inspectors, the home building (or shop) of residents, and the community an organiser or merchant
 * works in.
 */
export interface DemoUser {
  username: string;
  name: string;
  phone: string;
  role: RoleCode;
  unit?: string;
  place?: string;
  password: string;
}

/** Password of every demo account. Never deploy the demo data outside a demo. */
export const DEMO_PASSWORD = 'demo1234';

// ---------------------------------------------------------------------------------------------
// Unit kinds

export const UNIT_KINDS: DemoUnitKind[] = [
  { code: 'district_department', zh: '区直部门', en: 'District department' },
  { code: 'street_office', zh: '街道办事处（乡镇）', en: 'Street office / township government' },
  { code: 'community_committee', zh: '社区居民委员会', en: "Community residents' committee" },
  { code: 'village_committee', zh: '村民委员会', en: "Villagers' committee" },
  { code: 'property_company', zh: '物业服务企业', en: 'Property-service company' },
  { code: 'heating_company', zh: '供热企业', en: 'Heating company' },
  { code: 'power_supply', zh: '供电企业', en: 'Power supply company' },
  { code: 'telecom_carrier', zh: '通信运营商', en: 'Telecom carrier' },
  { code: 'water_company', zh: '供水企业', en: 'Water company' },
  { code: 'sanitation', zh: '环卫企业', en: 'Sanitation company' },
];

// ---------------------------------------------------------------------------------------------
// Places: 1 district → 8 streets (one a township) → 17 communities (3 villages) → 22 compounds →
// buildings → 2 shops. Parents always come before their children, so rows can be inserted in order.
//
// 绿地璀璨天城 is ONE compound; its phases are written into the building names (一期1号楼 … 四期12号楼).
// Phases 3 and 4 (buildings 4–12) hold exactly the 2176 households that got electricity meters.
// 海力新村 and 石家寨新村 are village resettlement blocks run by their village committees: no property
// company covers them (routing for property categories falls back to the village committee).

// prettier-ignore
export const PLACES: DemoPlace[] = [
  // 区 district
  { key: 'pingcheng', name: '平城区', level: 'district', lat: 40.0800, lng: 113.3000, note: '山西省大同市平城区（示范区）' },
  // 街道/乡 streets and the township (level street)
  { key: 'st-wenyinghu', name: '文瀛湖街道', level: 'street', parent: 'pingcheng', lat: 40.0840, lng: 113.3520, note: '御东新区，驻街单位山西大同大学（新生服务季）；报纸原文印作“文瀾湖”' },
  { key: 'st-baidengshan', name: '白登山街道', level: 'street', parent: 'pingcheng', lat: 40.1080, lng: 113.3320 },
  { key: 'st-yingbin', name: '迎宾街道', level: 'street', parent: 'pingcheng', lat: 40.0640, lng: 113.3030, note: '住建系统物业“突击战”现场督导（东方罗马城）' },
  { key: 'st-luyuan', name: '鹿苑街道', level: 'street', parent: 'pingcheng', lat: 40.0980, lng: 113.2720, note: '住建系统物业“突击战”现场督导' },
  { key: 'st-qingyuan', name: '清远街道', level: 'street', parent: 'pingcheng', lat: 40.0710, lng: 113.2690 },
  { key: 'st-shuiposi', name: '水泊寺乡', level: 'street', parent: 'pingcheng', lat: 40.1050, lng: 113.3650, note: '乡（镇级），系统中按街道级处理；报纸写作“水泊寺街道”' },
  { key: 'st-xijie', name: '西街街道', level: 'street', parent: 'pingcheng', lat: 40.0930, lng: 113.2900, note: '大同古城（城墙内）西半部；古城“飞线”专项整治片区' },
  { key: 'st-nanguan', name: '南关街道', level: 'street', parent: 'pingcheng', lat: 40.0795, lng: 113.3010, note: '古城南门（永泰门）外' },
  // 社区/村 communities and villages (level community)
  { key: 'c-yuhedong', name: '御河东社区', level: 'community', parent: 'st-wenyinghu', lat: 40.0865, lng: 113.3470, note: '绿地璀璨天城所在社区；社区网格员' },
  { key: 'c-wenxing', name: '文兴社区', level: 'community', parent: 'st-wenyinghu', lat: 40.0792, lng: 113.3530 },
  { key: 'c-daxuecheng', name: '大学城社区', level: 'community', parent: 'st-wenyinghu', lat: 40.0738, lng: 113.3630, note: '山西大同大学周边' },
  { key: 'c-haili', name: '海力村', level: 'community', parent: 'st-baidengshan', lat: 40.1115, lng: 113.3270, note: '村（村民委员会，村“两委”）；供暖“每日巡查+即时响应”，供暖问题反馈专线' },
  { key: 'c-baidengyuan', name: '白登苑社区', level: 'community', parent: 'st-baidengshan', lat: 40.1050, lng: 113.3375 },
  { key: 'c-dongfang', name: '东方社区', level: 'community', parent: 'st-yingbin', lat: 40.0655, lng: 113.3075 },
  { key: 'c-yingbinxi', name: '迎宾西社区', level: 'community', parent: 'st-yingbin', lat: 40.0622, lng: 113.2950 },
  { key: 'c-luming', name: '鹿鸣社区', level: 'community', parent: 'st-luyuan', lat: 40.1008, lng: 113.2675, note: '天香蓝郡所在社区：问题画像、积分兑换、三方会商' },
  { key: 'c-luyuan', name: '鹿苑社区', level: 'community', parent: 'st-luyuan', lat: 40.0955, lng: 113.2770 },
  { key: 'c-hexin', name: '和信社区', level: 'community', parent: 'st-qingyuan', lat: 40.0738, lng: 113.2672, note: '常态化环境整治：清理小广告；3支“楼栋环境监督员”队伍（报纸未写明所属街道，示范数据归清远街道）' },
  { key: 'c-dachi', name: '大齿社区', level: 'community', parent: 'st-qingyuan', lat: 40.0665, lng: 113.2740, note: '同步推进环境整治' },
  { key: 'c-shijiazhai', name: '石家寨村', level: 'community', parent: 'st-shuiposi', lat: 40.1085, lng: 113.3705, note: '村；同步推进环境整治' },
  { key: 'c-shuiposi', name: '水泊寺村', level: 'community', parent: 'st-shuiposi', lat: 40.1010, lng: 113.3600, note: '村' },
  { key: 'c-huayansi', name: '华严寺社区', level: 'community', parent: 'st-xijie', lat: 40.0922, lng: 113.2885, note: '古城内' },
  { key: 'c-gulou', name: '鼓楼社区', level: 'community', parent: 'st-xijie', lat: 40.0945, lng: 113.2955, note: '古城内' },
  { key: 'c-yongtai', name: '永泰社区', level: 'community', parent: 'st-nanguan', lat: 40.0812, lng: 113.2988 },
  { key: 'c-nanguannan', name: '南关南社区', level: 'community', parent: 'st-nanguan', lat: 40.0785, lng: 113.3035 },
  // 小区 compounds, each followed by its buildings (楼栋) and any shops (level unit)

  { key: 'cp-lvdi', name: '绿地璀璨天城', level: 'compound', parent: 'c-yuhedong', households: 2704, lat: 40.0885, lng: 113.3525, note: '一个小区含一至四期，期数写在楼栋名中；三、四期（4–12号楼，共2176户）原为临时用电，7天装表2176户，铺设高压电缆1410米、增设真空断路器12台；6处智能存车棚、870个充电车位；地库双道闸；补种绿植1900㎡；电梯维保记录公示' },
  { key: 'cp-lvdi-b1', name: '一期1号楼', level: 'building', parent: 'cp-lvdi', households: 176, lat: 40.0891, lng: 113.3516 },
  { key: 'cp-lvdi-b2', name: '一期2号楼', level: 'building', parent: 'cp-lvdi', households: 176, lat: 40.0891, lng: 113.3522 },
  { key: 'cp-lvdi-b3', name: '二期3号楼', level: 'building', parent: 'cp-lvdi', households: 176, lat: 40.0891, lng: 113.3528 },
  { key: 'cp-lvdi-b4', name: '三期4号楼', level: 'building', parent: 'cp-lvdi', households: 232, lat: 40.0891, lng: 113.3534, note: '三期：原临时用电，2176户装表范围' },
  { key: 'cp-lvdi-b5', name: '三期5号楼', level: 'building', parent: 'cp-lvdi', households: 232, lat: 40.0885, lng: 113.3516, note: '三期：原临时用电，2176户装表范围' },
  { key: 'cp-lvdi-b6', name: '三期6号楼', level: 'building', parent: 'cp-lvdi', households: 232, lat: 40.0885, lng: 113.3522, note: '三期：原临时用电，2176户装表范围' },
  { key: 'cp-lvdi-b7', name: '三期7号楼', level: 'building', parent: 'cp-lvdi', households: 232, lat: 40.0885, lng: 113.3528, note: '三期：原临时用电，2176户装表范围' },
  { key: 'cp-lvdi-b8', name: '三期8号楼', level: 'building', parent: 'cp-lvdi', households: 232, lat: 40.0885, lng: 113.3534, note: '三期：原临时用电，2176户装表范围' },
  { key: 'cp-lvdi-b9', name: '四期9号楼', level: 'building', parent: 'cp-lvdi', households: 254, lat: 40.0879, lng: 113.3516, note: '四期：原临时用电，2176户装表范围' },
  { key: 'cp-lvdi-b10', name: '四期10号楼', level: 'building', parent: 'cp-lvdi', households: 254, lat: 40.0879, lng: 113.3522, note: '四期：原临时用电，2176户装表范围' },
  { key: 'cp-lvdi-b11', name: '四期11号楼', level: 'building', parent: 'cp-lvdi', households: 254, lat: 40.0879, lng: 113.3528, note: '四期：原临时用电，2176户装表范围' },
  { key: 'cp-lvdi-b12', name: '四期12号楼', level: 'building', parent: 'cp-lvdi', households: 254, lat: 40.0879, lng: 113.3534, note: '四期：原临时用电，2176户装表范围' },

  { key: 'cp-yuhejiayuan', name: '御河嘉园', level: 'compound', parent: 'c-yuhedong', households: 960, lat: 40.0842, lng: 113.3418 },
  { key: 'cp-yuhejiayuan-b1', name: '1号楼', level: 'building', parent: 'cp-yuhejiayuan', households: 158, lat: 40.0848, lng: 113.3409 },
  { key: 'cp-yuhejiayuan-b2', name: '2号楼', level: 'building', parent: 'cp-yuhejiayuan', households: 140, lat: 40.0848, lng: 113.3415 },
  { key: 'cp-yuhejiayuan-b3', name: '3号楼', level: 'building', parent: 'cp-yuhejiayuan', households: 154, lat: 40.0848, lng: 113.3421 },
  { key: 'cp-yuhejiayuan-b4', name: '4号楼', level: 'building', parent: 'cp-yuhejiayuan', households: 186, lat: 40.0848, lng: 113.3427 },
  { key: 'cp-yuhejiayuan-b5', name: '5号楼', level: 'building', parent: 'cp-yuhejiayuan', households: 166, lat: 40.0842, lng: 113.3409 },
  { key: 'cp-yuhejiayuan-b6', name: '6号楼', level: 'building', parent: 'cp-yuhejiayuan', households: 156, lat: 40.0842, lng: 113.3415 },

  { key: 'cp-wenyingyuan', name: '文瀛苑', level: 'compound', parent: 'c-wenxing', households: 1120, lat: 40.0803, lng: 113.3502 },
  { key: 'cp-wenyingyuan-b1', name: '1号楼', level: 'building', parent: 'cp-wenyingyuan', households: 156, lat: 40.0809, lng: 113.3493 },
  { key: 'cp-wenyingyuan-b2', name: '2号楼', level: 'building', parent: 'cp-wenyingyuan', households: 162, lat: 40.0809, lng: 113.3499 },
  { key: 'cp-wenyingyuan-b3', name: '3号楼', level: 'building', parent: 'cp-wenyingyuan', households: 114, lat: 40.0809, lng: 113.3505 },
  { key: 'cp-wenyingyuan-b4', name: '4号楼', level: 'building', parent: 'cp-wenyingyuan', households: 166, lat: 40.0809, lng: 113.3511 },
  { key: 'cp-wenyingyuan-b5', name: '5号楼', level: 'building', parent: 'cp-wenyingyuan', households: 122, lat: 40.0803, lng: 113.3493 },
  { key: 'cp-wenyingyuan-b6', name: '6号楼', level: 'building', parent: 'cp-wenyingyuan', households: 120, lat: 40.0803, lng: 113.3499 },
  { key: 'cp-wenyingyuan-b7', name: '7号楼', level: 'building', parent: 'cp-wenyingyuan', households: 166, lat: 40.0803, lng: 113.3505 },
  { key: 'cp-wenyingyuan-b8', name: '8号楼', level: 'building', parent: 'cp-wenyingyuan', households: 114, lat: 40.0803, lng: 113.3511 },

  { key: 'cp-jinhuwan', name: '锦湖湾', level: 'compound', parent: 'c-wenxing', households: 680, lat: 40.0778, lng: 113.3561 },
  { key: 'cp-jinhuwan-b1', name: '1号楼', level: 'building', parent: 'cp-jinhuwan', households: 136, lat: 40.0784, lng: 113.3552 },
  { key: 'cp-jinhuwan-b2', name: '2号楼', level: 'building', parent: 'cp-jinhuwan', households: 114, lat: 40.0784, lng: 113.3558 },
  { key: 'cp-jinhuwan-b3', name: '3号楼', level: 'building', parent: 'cp-jinhuwan', households: 116, lat: 40.0784, lng: 113.3564 },
  { key: 'cp-jinhuwan-b4', name: '4号楼', level: 'building', parent: 'cp-jinhuwan', households: 150, lat: 40.0784, lng: 113.3570 },
  { key: 'cp-jinhuwan-b5', name: '5号楼', level: 'building', parent: 'cp-jinhuwan', households: 164, lat: 40.0778, lng: 113.3552 },

  { key: 'cp-daxuejiayuan', name: '大学嘉苑', level: 'compound', parent: 'c-daxuecheng', households: 540, lat: 40.0731, lng: 113.3644 },
  { key: 'cp-daxuejiayuan-b1', name: '1号楼', level: 'building', parent: 'cp-daxuejiayuan', households: 148, lat: 40.0737, lng: 113.3635 },
  { key: 'cp-daxuejiayuan-b2', name: '2号楼', level: 'building', parent: 'cp-daxuejiayuan', households: 144, lat: 40.0737, lng: 113.3641 },
  { key: 'cp-daxuejiayuan-b3', name: '3号楼', level: 'building', parent: 'cp-daxuejiayuan', households: 108, lat: 40.0737, lng: 113.3647 },
  { key: 'cp-daxuejiayuan-b4', name: '4号楼', level: 'building', parent: 'cp-daxuejiayuan', households: 140, lat: 40.0737, lng: 113.3653 },

  { key: 'cp-hailixiyuan', name: '海力西苑', level: 'compound', parent: 'c-haili', households: 720, lat: 40.1102, lng: 113.3246, note: '有物业服务企业；36号商铺供暖管道漏水，村委会协调物业与热力，次日修复' },
  { key: 'cp-hailixiyuan-b1', name: '1号楼', level: 'building', parent: 'cp-hailixiyuan', households: 124, lat: 40.1108, lng: 113.3237 },
  { key: 'cp-hailixiyuan-s36', name: '海力西苑36号商铺', level: 'unit', parent: 'cp-hailixiyuan-b1', lat: 40.1106, lng: 113.3235, note: '1号楼沿街底商（报纸原文作“商辅”）；供暖管道漏水，村委会记录并协调物业与热力，次日修复' },
  { key: 'cp-hailixiyuan-b2', name: '2号楼', level: 'building', parent: 'cp-hailixiyuan', households: 110, lat: 40.1108, lng: 113.3243 },
  { key: 'cp-hailixiyuan-b3', name: '3号楼', level: 'building', parent: 'cp-hailixiyuan', households: 142, lat: 40.1108, lng: 113.3249 },
  { key: 'cp-hailixiyuan-b4', name: '4号楼', level: 'building', parent: 'cp-hailixiyuan', households: 102, lat: 40.1108, lng: 113.3255 },
  { key: 'cp-hailixiyuan-b5', name: '5号楼', level: 'building', parent: 'cp-hailixiyuan', households: 136, lat: 40.1102, lng: 113.3237 },
  { key: 'cp-hailixiyuan-b6', name: '6号楼', level: 'building', parent: 'cp-hailixiyuan', households: 106, lat: 40.1102, lng: 113.3243 },

  { key: 'cp-hailixincun', name: '海力新村', level: 'compound', parent: 'c-haili', households: 420, lat: 40.1131, lng: 113.3302, note: '村集体安置楼，由海力村村委会自管（无物业服务企业）' },
  { key: 'cp-hailixincun-b1', name: '1号楼', level: 'building', parent: 'cp-hailixincun', households: 82, lat: 40.1137, lng: 113.3293 },
  { key: 'cp-hailixincun-b2', name: '2号楼', level: 'building', parent: 'cp-hailixincun', households: 110, lat: 40.1137, lng: 113.3299 },
  { key: 'cp-hailixincun-b3', name: '3号楼', level: 'building', parent: 'cp-hailixincun', households: 112, lat: 40.1137, lng: 113.3305 },
  { key: 'cp-hailixincun-b4', name: '4号楼', level: 'building', parent: 'cp-hailixincun', households: 116, lat: 40.1137, lng: 113.3311 },

  { key: 'cp-baidengjiayuan', name: '白登佳园', level: 'compound', parent: 'c-baidengyuan', households: 860, lat: 40.1046, lng: 113.3387 },
  { key: 'cp-baidengjiayuan-b1', name: '1号楼', level: 'building', parent: 'cp-baidengjiayuan', households: 164, lat: 40.1052, lng: 113.3378 },
  { key: 'cp-baidengjiayuan-b2', name: '2号楼', level: 'building', parent: 'cp-baidengjiayuan', households: 164, lat: 40.1052, lng: 113.3384 },
  { key: 'cp-baidengjiayuan-b3', name: '3号楼', level: 'building', parent: 'cp-baidengjiayuan', households: 158, lat: 40.1052, lng: 113.3390 },
  { key: 'cp-baidengjiayuan-b4', name: '4号楼', level: 'building', parent: 'cp-baidengjiayuan', households: 116, lat: 40.1052, lng: 113.3396 },
  { key: 'cp-baidengjiayuan-b5', name: '5号楼', level: 'building', parent: 'cp-baidengjiayuan', households: 134, lat: 40.1046, lng: 113.3378 },
  { key: 'cp-baidengjiayuan-b6', name: '6号楼', level: 'building', parent: 'cp-baidengjiayuan', households: 124, lat: 40.1046, lng: 113.3384 },

  { key: 'cp-dongfangluoma', name: '东方罗马城', level: 'compound', parent: 'c-dongfang', households: 1860, lat: 40.0652, lng: 113.3081, note: '住建系统物业“突击战”现场督导检查' },
  { key: 'cp-dongfangluoma-b1', name: '1号楼', level: 'building', parent: 'cp-dongfangluoma', households: 196, lat: 40.0658, lng: 113.3072 },
  { key: 'cp-dongfangluoma-b2', name: '2号楼', level: 'building', parent: 'cp-dongfangluoma', households: 176, lat: 40.0658, lng: 113.3078 },
  { key: 'cp-dongfangluoma-b3', name: '3号楼', level: 'building', parent: 'cp-dongfangluoma', households: 170, lat: 40.0658, lng: 113.3084 },
  { key: 'cp-dongfangluoma-b4', name: '4号楼', level: 'building', parent: 'cp-dongfangluoma', households: 206, lat: 40.0658, lng: 113.3090 },
  { key: 'cp-dongfangluoma-b5', name: '5号楼', level: 'building', parent: 'cp-dongfangluoma', households: 170, lat: 40.0652, lng: 113.3072 },
  { key: 'cp-dongfangluoma-b6', name: '6号楼', level: 'building', parent: 'cp-dongfangluoma', households: 212, lat: 40.0652, lng: 113.3078 },
  { key: 'cp-dongfangluoma-b7', name: '7号楼', level: 'building', parent: 'cp-dongfangluoma', households: 190, lat: 40.0652, lng: 113.3084 },
  { key: 'cp-dongfangluoma-b8', name: '8号楼', level: 'building', parent: 'cp-dongfangluoma', households: 164, lat: 40.0652, lng: 113.3090 },
  { key: 'cp-dongfangluoma-b9', name: '9号楼', level: 'building', parent: 'cp-dongfangluoma', households: 184, lat: 40.0646, lng: 113.3072 },
  { key: 'cp-dongfangluoma-b10', name: '10号楼', level: 'building', parent: 'cp-dongfangluoma', households: 192, lat: 40.0646, lng: 113.3078 },

  { key: 'cp-yingbinhuayuan', name: '迎宾花园', level: 'compound', parent: 'c-yingbinxi', households: 640, lat: 40.0618, lng: 113.2956 },
  { key: 'cp-yingbinhuayuan-b1', name: '1号楼', level: 'building', parent: 'cp-yingbinhuayuan', households: 122, lat: 40.0624, lng: 113.2947 },
  { key: 'cp-yingbinhuayuan-b2', name: '2号楼', level: 'building', parent: 'cp-yingbinhuayuan', households: 118, lat: 40.0624, lng: 113.2953 },
  { key: 'cp-yingbinhuayuan-b3', name: '3号楼', level: 'building', parent: 'cp-yingbinhuayuan', households: 146, lat: 40.0624, lng: 113.2959 },
  { key: 'cp-yingbinhuayuan-b4', name: '4号楼', level: 'building', parent: 'cp-yingbinhuayuan', households: 134, lat: 40.0624, lng: 113.2965 },
  { key: 'cp-yingbinhuayuan-b5', name: '5号楼', level: 'building', parent: 'cp-yingbinhuayuan', households: 120, lat: 40.0618, lng: 113.2947 },

  { key: 'cp-tianxianglanjun', name: '天香蓝郡', level: 'compound', parent: 'c-luming', households: 1240, lat: 40.1012, lng: 113.2668, note: '问题画像：106件投诉，91%（96件）为硬件问题（主要是物业用房缺失），9%（10件）为物业服务；“智享平城”积分兑换后志愿参与率提升40%，自7月起物业投诉归零' },
  { key: 'cp-tianxianglanjun-b1', name: '1号楼', level: 'building', parent: 'cp-tianxianglanjun', households: 152, lat: 40.1018, lng: 113.2659 },
  { key: 'cp-tianxianglanjun-s21', name: '天香蓝郡21号商铺', level: 'unit', parent: 'cp-tianxianglanjun-b1', lat: 40.1016, lng: 113.2657, note: '原闲置商铺，经“三方会商+产权置换”改为50㎡物业用房，已完成产权转移登记' },
  { key: 'cp-tianxianglanjun-b2', name: '2号楼', level: 'building', parent: 'cp-tianxianglanjun', households: 144, lat: 40.1018, lng: 113.2665 },
  { key: 'cp-tianxianglanjun-b3', name: '3号楼', level: 'building', parent: 'cp-tianxianglanjun', households: 134, lat: 40.1018, lng: 113.2671 },
  { key: 'cp-tianxianglanjun-b4', name: '4号楼', level: 'building', parent: 'cp-tianxianglanjun', households: 144, lat: 40.1018, lng: 113.2677 },
  { key: 'cp-tianxianglanjun-b5', name: '5号楼', level: 'building', parent: 'cp-tianxianglanjun', households: 126, lat: 40.1012, lng: 113.2659 },
  { key: 'cp-tianxianglanjun-b6', name: '6号楼', level: 'building', parent: 'cp-tianxianglanjun', households: 116, lat: 40.1012, lng: 113.2665 },
  { key: 'cp-tianxianglanjun-b7', name: '7号楼', level: 'building', parent: 'cp-tianxianglanjun', households: 144, lat: 40.1012, lng: 113.2671 },
  { key: 'cp-tianxianglanjun-b8', name: '8号楼', level: 'building', parent: 'cp-tianxianglanjun', households: 142, lat: 40.1012, lng: 113.2677 },
  { key: 'cp-tianxianglanjun-b9', name: '9号楼', level: 'building', parent: 'cp-tianxianglanjun', households: 138, lat: 40.1006, lng: 113.2659 },

  { key: 'cp-luyuanxinju', name: '鹿苑新居', level: 'compound', parent: 'c-luyuan', households: 780, lat: 40.0963, lng: 113.2751 },
  { key: 'cp-luyuanxinju-b1', name: '1号楼', level: 'building', parent: 'cp-luyuanxinju', households: 130, lat: 40.0969, lng: 113.2742 },
  { key: 'cp-luyuanxinju-b2', name: '2号楼', level: 'building', parent: 'cp-luyuanxinju', households: 138, lat: 40.0969, lng: 113.2748 },
  { key: 'cp-luyuanxinju-b3', name: '3号楼', level: 'building', parent: 'cp-luyuanxinju', households: 118, lat: 40.0969, lng: 113.2754 },
  { key: 'cp-luyuanxinju-b4', name: '4号楼', level: 'building', parent: 'cp-luyuanxinju', households: 154, lat: 40.0969, lng: 113.2760 },
  { key: 'cp-luyuanxinju-b5', name: '5号楼', level: 'building', parent: 'cp-luyuanxinju', households: 122, lat: 40.0963, lng: 113.2742 },
  { key: 'cp-luyuanxinju-b6', name: '6号楼', level: 'building', parent: 'cp-luyuanxinju', households: 118, lat: 40.0963, lng: 113.2748 },

  { key: 'cp-meiguiyuan', name: '玫瑰园', level: 'compound', parent: 'c-luyuan', households: 460, lat: 40.0941, lng: 113.2795 },
  { key: 'cp-meiguiyuan-b1', name: '1号楼', level: 'building', parent: 'cp-meiguiyuan', households: 120, lat: 40.0947, lng: 113.2786 },
  { key: 'cp-meiguiyuan-b2', name: '2号楼', level: 'building', parent: 'cp-meiguiyuan', households: 108, lat: 40.0947, lng: 113.2792 },
  { key: 'cp-meiguiyuan-b3', name: '3号楼', level: 'building', parent: 'cp-meiguiyuan', households: 108, lat: 40.0947, lng: 113.2798 },
  { key: 'cp-meiguiyuan-b4', name: '4号楼', level: 'building', parent: 'cp-meiguiyuan', households: 124, lat: 40.0947, lng: 113.2804 },

  { key: 'cp-shanghuayuan', name: '上华苑', level: 'compound', parent: 'c-hexin', households: 1380, lat: 40.0726, lng: 113.2648, note: '“认、真、改、好”四字诀：入户走访建台账、分类登记；设5位专业客服；水电管路、消防站、监控定点定时排查；2个月补种绿化' },
  { key: 'cp-shanghuayuan-b1', name: '1号楼', level: 'building', parent: 'cp-shanghuayuan', households: 146, lat: 40.0732, lng: 113.2639 },
  { key: 'cp-shanghuayuan-b2', name: '2号楼', level: 'building', parent: 'cp-shanghuayuan', households: 160, lat: 40.0732, lng: 113.2645 },
  { key: 'cp-shanghuayuan-b3', name: '3号楼', level: 'building', parent: 'cp-shanghuayuan', households: 154, lat: 40.0732, lng: 113.2651 },
  { key: 'cp-shanghuayuan-b4', name: '4号楼', level: 'building', parent: 'cp-shanghuayuan', households: 170, lat: 40.0732, lng: 113.2657 },
  { key: 'cp-shanghuayuan-b5', name: '5号楼', level: 'building', parent: 'cp-shanghuayuan', households: 172, lat: 40.0726, lng: 113.2639 },
  { key: 'cp-shanghuayuan-b6', name: '6号楼', level: 'building', parent: 'cp-shanghuayuan', households: 144, lat: 40.0726, lng: 113.2645 },
  { key: 'cp-shanghuayuan-b7', name: '7号楼', level: 'building', parent: 'cp-shanghuayuan', households: 140, lat: 40.0726, lng: 113.2651 },
  { key: 'cp-shanghuayuan-b8', name: '8号楼', level: 'building', parent: 'cp-shanghuayuan', households: 166, lat: 40.0726, lng: 113.2657 },
  { key: 'cp-shanghuayuan-b9', name: '9号楼', level: 'building', parent: 'cp-shanghuayuan', households: 128, lat: 40.0720, lng: 113.2639 },

  { key: 'cp-hexinjiayuan', name: '和信家园', level: 'compound', parent: 'c-hexin', households: 620, lat: 40.0748, lng: 113.2701 },
  { key: 'cp-hexinjiayuan-b1', name: '1号楼', level: 'building', parent: 'cp-hexinjiayuan', households: 112, lat: 40.0754, lng: 113.2692 },
  { key: 'cp-hexinjiayuan-b2', name: '2号楼', level: 'building', parent: 'cp-hexinjiayuan', households: 136, lat: 40.0754, lng: 113.2698 },
  { key: 'cp-hexinjiayuan-b3', name: '3号楼', level: 'building', parent: 'cp-hexinjiayuan', households: 136, lat: 40.0754, lng: 113.2704 },
  { key: 'cp-hexinjiayuan-b4', name: '4号楼', level: 'building', parent: 'cp-hexinjiayuan', households: 118, lat: 40.0754, lng: 113.2710 },
  { key: 'cp-hexinjiayuan-b5', name: '5号楼', level: 'building', parent: 'cp-hexinjiayuan', households: 118, lat: 40.0748, lng: 113.2692 },

  { key: 'cp-dachi', name: '大齿生活区', level: 'compound', parent: 'c-dachi', households: 1480, lat: 40.0667, lng: 113.2745, note: '原大同齿轮厂职工生活区（老旧小区）' },
  { key: 'cp-dachi-b1', name: '1号楼', level: 'building', parent: 'cp-dachi', households: 126, lat: 40.0673, lng: 113.2736 },
  { key: 'cp-dachi-b2', name: '2号楼', level: 'building', parent: 'cp-dachi', households: 114, lat: 40.0673, lng: 113.2742 },
  { key: 'cp-dachi-b3', name: '3号楼', level: 'building', parent: 'cp-dachi', households: 116, lat: 40.0673, lng: 113.2748 },
  { key: 'cp-dachi-b4', name: '4号楼', level: 'building', parent: 'cp-dachi', households: 140, lat: 40.0673, lng: 113.2754 },
  { key: 'cp-dachi-b5', name: '5号楼', level: 'building', parent: 'cp-dachi', households: 112, lat: 40.0667, lng: 113.2736 },
  { key: 'cp-dachi-b6', name: '6号楼', level: 'building', parent: 'cp-dachi', households: 128, lat: 40.0667, lng: 113.2742 },
  { key: 'cp-dachi-b7', name: '7号楼', level: 'building', parent: 'cp-dachi', households: 102, lat: 40.0667, lng: 113.2748 },
  { key: 'cp-dachi-b8', name: '8号楼', level: 'building', parent: 'cp-dachi', households: 142, lat: 40.0667, lng: 113.2754 },
  { key: 'cp-dachi-b9', name: '9号楼', level: 'building', parent: 'cp-dachi', households: 132, lat: 40.0661, lng: 113.2736 },
  { key: 'cp-dachi-b10', name: '10号楼', level: 'building', parent: 'cp-dachi', households: 120, lat: 40.0661, lng: 113.2742 },
  { key: 'cp-dachi-b11', name: '11号楼', level: 'building', parent: 'cp-dachi', households: 108, lat: 40.0661, lng: 113.2748 },
  { key: 'cp-dachi-b12', name: '12号楼', level: 'building', parent: 'cp-dachi', households: 140, lat: 40.0661, lng: 113.2754 },

  { key: 'cp-shijiazhaixincun', name: '石家寨新村', level: 'compound', parent: 'c-shijiazhai', households: 520, lat: 40.1083, lng: 113.3712, note: '村集体安置楼，由石家寨村村委会自管（无物业服务企业）' },
  { key: 'cp-shijiazhaixincun-b1', name: '1号楼', level: 'building', parent: 'cp-shijiazhaixincun', households: 100, lat: 40.1089, lng: 113.3703 },
  { key: 'cp-shijiazhaixincun-b2', name: '2号楼', level: 'building', parent: 'cp-shijiazhaixincun', households: 96, lat: 40.1089, lng: 113.3709 },
  { key: 'cp-shijiazhaixincun-b3', name: '3号楼', level: 'building', parent: 'cp-shijiazhaixincun', households: 106, lat: 40.1089, lng: 113.3715 },
  { key: 'cp-shijiazhaixincun-b4', name: '4号楼', level: 'building', parent: 'cp-shijiazhaixincun', households: 118, lat: 40.1089, lng: 113.3721 },
  { key: 'cp-shijiazhaixincun-b5', name: '5号楼', level: 'building', parent: 'cp-shijiazhaixincun', households: 100, lat: 40.1083, lng: 113.3703 },

  { key: 'cp-jinyuanmingju', name: '金苑名居', level: 'compound', parent: 'c-shuiposi', households: 890, lat: 40.1008, lng: 113.3605 },
  { key: 'cp-jinyuanmingju-b1', name: '1号楼', level: 'building', parent: 'cp-jinyuanmingju', households: 106, lat: 40.1014, lng: 113.3596 },
  { key: 'cp-jinyuanmingju-b2', name: '2号楼', level: 'building', parent: 'cp-jinyuanmingju', households: 128, lat: 40.1014, lng: 113.3602 },
  { key: 'cp-jinyuanmingju-b3', name: '3号楼', level: 'building', parent: 'cp-jinyuanmingju', households: 112, lat: 40.1014, lng: 113.3608 },
  { key: 'cp-jinyuanmingju-b4', name: '4号楼', level: 'building', parent: 'cp-jinyuanmingju', households: 156, lat: 40.1014, lng: 113.3614 },
  { key: 'cp-jinyuanmingju-b5', name: '5号楼', level: 'building', parent: 'cp-jinyuanmingju', households: 120, lat: 40.1008, lng: 113.3596 },
  { key: 'cp-jinyuanmingju-b6', name: '6号楼', level: 'building', parent: 'cp-jinyuanmingju', households: 134, lat: 40.1008, lng: 113.3602 },
  { key: 'cp-jinyuanmingju-b7', name: '7号楼', level: 'building', parent: 'cp-jinyuanmingju', households: 134, lat: 40.1008, lng: 113.3608 },

  { key: 'cp-huayanfang', name: '华严坊', level: 'compound', parent: 'c-huayansi', households: 420, lat: 40.0921, lng: 113.2879, note: '古城内，“飞线”整治点位所在' },
  { key: 'cp-huayanfang-b1', name: '1号楼', level: 'building', parent: 'cp-huayanfang', households: 112, lat: 40.0927, lng: 113.2870 },
  { key: 'cp-huayanfang-b2', name: '2号楼', level: 'building', parent: 'cp-huayanfang', households: 106, lat: 40.0927, lng: 113.2876 },
  { key: 'cp-huayanfang-b3', name: '3号楼', level: 'building', parent: 'cp-huayanfang', households: 116, lat: 40.0927, lng: 113.2882 },
  { key: 'cp-huayanfang-b4', name: '4号楼', level: 'building', parent: 'cp-huayanfang', households: 86, lat: 40.0927, lng: 113.2888 },

  { key: 'cp-guloujiayuan', name: '鼓楼家园', level: 'compound', parent: 'c-gulou', households: 360, lat: 40.0946, lng: 113.2958, note: '古城内' },
  { key: 'cp-guloujiayuan-b1', name: '1号楼', level: 'building', parent: 'cp-guloujiayuan', households: 114, lat: 40.0952, lng: 113.2949 },
  { key: 'cp-guloujiayuan-b2', name: '2号楼', level: 'building', parent: 'cp-guloujiayuan', households: 126, lat: 40.0952, lng: 113.2955 },
  { key: 'cp-guloujiayuan-b3', name: '3号楼', level: 'building', parent: 'cp-guloujiayuan', households: 120, lat: 40.0952, lng: 113.2961 },

  { key: 'cp-yongtaijiayuan', name: '永泰嘉园', level: 'compound', parent: 'c-yongtai', households: 740, lat: 40.0812, lng: 113.2984 },
  { key: 'cp-yongtaijiayuan-b1', name: '1号楼', level: 'building', parent: 'cp-yongtaijiayuan', households: 124, lat: 40.0818, lng: 113.2975 },
  { key: 'cp-yongtaijiayuan-b2', name: '2号楼', level: 'building', parent: 'cp-yongtaijiayuan', households: 112, lat: 40.0818, lng: 113.2981 },
  { key: 'cp-yongtaijiayuan-b3', name: '3号楼', level: 'building', parent: 'cp-yongtaijiayuan', households: 134, lat: 40.0818, lng: 113.2987 },
  { key: 'cp-yongtaijiayuan-b4', name: '4号楼', level: 'building', parent: 'cp-yongtaijiayuan', households: 126, lat: 40.0818, lng: 113.2993 },
  { key: 'cp-yongtaijiayuan-b5', name: '5号楼', level: 'building', parent: 'cp-yongtaijiayuan', households: 112, lat: 40.0812, lng: 113.2975 },
  { key: 'cp-yongtaijiayuan-b6', name: '6号楼', level: 'building', parent: 'cp-yongtaijiayuan', households: 132, lat: 40.0812, lng: 113.2981 },

  { key: 'cp-henganxinju', name: '恒安新居', level: 'compound', parent: 'c-nanguannan', households: 980, lat: 40.0786, lng: 113.3032 },
  { key: 'cp-henganxinju-b1', name: '1号楼', level: 'building', parent: 'cp-henganxinju', households: 126, lat: 40.0792, lng: 113.3023 },
  { key: 'cp-henganxinju-b2', name: '2号楼', level: 'building', parent: 'cp-henganxinju', households: 138, lat: 40.0792, lng: 113.3029 },
  { key: 'cp-henganxinju-b3', name: '3号楼', level: 'building', parent: 'cp-henganxinju', households: 156, lat: 40.0792, lng: 113.3035 },
  { key: 'cp-henganxinju-b4', name: '4号楼', level: 'building', parent: 'cp-henganxinju', households: 132, lat: 40.0792, lng: 113.3041 },
  { key: 'cp-henganxinju-b5', name: '5号楼', level: 'building', parent: 'cp-henganxinju', households: 124, lat: 40.0786, lng: 113.3023 },
  { key: 'cp-henganxinju-b6', name: '6号楼', level: 'building', parent: 'cp-henganxinju', households: 148, lat: 40.0786, lng: 113.3029 },
  { key: 'cp-henganxinju-b7', name: '7号楼', level: 'building', parent: 'cp-henganxinju', households: 156, lat: 40.0786, lng: 113.3035 },
];

// ---------------------------------------------------------------------------------------------
// Units. Every compound has exactly one property company, except the two village-run compounds.

// prettier-ignore
export const UNITS: DemoUnit[] = [
  // 区直部门 district departments
  { key: 'dept-zhujian', name: '平城区住房和城乡建设局', kind: 'district_department', covers: ['pingcheng'], phone: '0352-2041101' },
  { key: 'dept-chengguan', name: '平城区城市管理局', kind: 'district_department', covers: ['pingcheng'], phone: '0352-2041102' },
  // 供热办 runs the heating hotline (供热专线) during the heating season
  { key: 'dept-heating', name: '平城区供热办公室', kind: 'district_department', covers: ['pingcheng'], phone: '0352-2041103' },
  { key: 'dept-canlian', name: '平城区残疾人联合会', kind: 'district_department', covers: ['pingcheng'], phone: '0352-2041104' },

  // 街道办事处 / 乡政府 street offices
  { key: 'so-wenyinghu', name: '文瀛湖街道办事处', kind: 'street_office', covers: ['st-wenyinghu'], phone: '0352-2042101' },
  { key: 'so-baidengshan', name: '白登山街道办事处', kind: 'street_office', covers: ['st-baidengshan'], phone: '0352-2042102' },
  { key: 'so-yingbin', name: '迎宾街道办事处', kind: 'street_office', covers: ['st-yingbin'], phone: '0352-2042103' },
  { key: 'so-luyuan', name: '鹿苑街道办事处', kind: 'street_office', covers: ['st-luyuan'], phone: '0352-2042104' },
  { key: 'so-qingyuan', name: '清远街道办事处', kind: 'street_office', covers: ['st-qingyuan'], phone: '0352-2042105' },
  { key: 'so-shuiposi', name: '水泊寺乡人民政府', kind: 'street_office', covers: ['st-shuiposi'], phone: '0352-2042106' },
  { key: 'so-xijie', name: '西街街道办事处', kind: 'street_office', covers: ['st-xijie'], phone: '0352-2042107' },
  { key: 'so-nanguan', name: '南关街道办事处', kind: 'street_office', covers: ['st-nanguan'], phone: '0352-2042108' },

  // 社区居委会 community committees
  { key: 'cc-yuhedong', name: '御河东社区居民委员会', kind: 'community_committee', covers: ['c-yuhedong'], phone: '0352-2043101' },
  { key: 'cc-wenxing', name: '文兴社区居民委员会', kind: 'community_committee', covers: ['c-wenxing'], phone: '0352-2043102' },
  { key: 'cc-daxuecheng', name: '大学城社区居民委员会', kind: 'community_committee', covers: ['c-daxuecheng'], phone: '0352-2043103' },
  { key: 'cc-baidengyuan', name: '白登苑社区居民委员会', kind: 'community_committee', covers: ['c-baidengyuan'], phone: '0352-2043104' },
  { key: 'cc-dongfang', name: '东方社区居民委员会', kind: 'community_committee', covers: ['c-dongfang'], phone: '0352-2043105' },
  { key: 'cc-yingbinxi', name: '迎宾西社区居民委员会', kind: 'community_committee', covers: ['c-yingbinxi'], phone: '0352-2043106' },
  { key: 'cc-luming', name: '鹿鸣社区居民委员会', kind: 'community_committee', covers: ['c-luming'], phone: '0352-2043107' },
  { key: 'cc-luyuan', name: '鹿苑社区居民委员会', kind: 'community_committee', covers: ['c-luyuan'], phone: '0352-2043108' },
  { key: 'cc-hexin', name: '和信社区居民委员会', kind: 'community_committee', covers: ['c-hexin'], phone: '0352-2043109' },
  { key: 'cc-dachi', name: '大齿社区居民委员会', kind: 'community_committee', covers: ['c-dachi'], phone: '0352-2043110' },
  { key: 'cc-huayansi', name: '华严寺社区居民委员会', kind: 'community_committee', covers: ['c-huayansi'], phone: '0352-2043111' },
  { key: 'cc-gulou', name: '鼓楼社区居民委员会', kind: 'community_committee', covers: ['c-gulou'], phone: '0352-2043112' },
  { key: 'cc-yongtai', name: '永泰社区居民委员会', kind: 'community_committee', covers: ['c-yongtai'], phone: '0352-2043113' },
  { key: 'cc-nanguannan', name: '南关南社区居民委员会', kind: 'community_committee', covers: ['c-nanguannan'], phone: '0352-2043114' },

  // 村民委员会 village committees (海力村 and 石家寨村 also run their resettlement compounds)
  { key: 'vc-haili', name: '海力村村民委员会', kind: 'village_committee', covers: ['c-haili'], phone: '0352-2044101' },
  { key: 'vc-shijiazhai', name: '石家寨村村民委员会', kind: 'village_committee', covers: ['c-shijiazhai'], phone: '0352-2044102' },
  { key: 'vc-shuiposi', name: '水泊寺村村民委员会', kind: 'village_committee', covers: ['c-shuiposi'], phone: '0352-2044103' },

  // 物业服务企业 property-service companies (each compound listed under exactly one)
  { key: 'pc-huayu', name: '大同华宇物业服务有限公司', kind: 'property_company', covers: ['cp-shanghuayuan', 'cp-hexinjiayuan', 'cp-dachi'], phone: '0352-2045101' },
  { key: 'pc-lanjun', name: '大同蓝郡物业管理有限公司', kind: 'property_company', covers: ['cp-tianxianglanjun', 'cp-luyuanxinju', 'cp-meiguiyuan'], phone: '0352-2045102' },
  { key: 'pc-lvdi', name: '绿地物业服务集团大同分公司', kind: 'property_company', covers: ['cp-lvdi', 'cp-yuhejiayuan', 'cp-jinhuwan'], phone: '0352-2045103' },
  { key: 'pc-hengan', name: '大同恒安物业服务有限公司', kind: 'property_company', covers: ['cp-dongfangluoma', 'cp-yingbinhuayuan', 'cp-yongtaijiayuan', 'cp-henganxinju'], phone: '0352-2045104' },
  { key: 'pc-yuncheng', name: '大同云城物业管理有限公司', kind: 'property_company', covers: ['cp-wenyingyuan', 'cp-daxuejiayuan', 'cp-jinyuanmingju'], phone: '0352-2045105' },
  { key: 'pc-baideng', name: '大同白登物业服务有限公司', kind: 'property_company', covers: ['cp-hailixiyuan', 'cp-baidengjiayuan'], phone: '0352-2045106' },
  { key: 'pc-gucheng', name: '大同古城物业服务有限公司', kind: 'property_company', covers: ['cp-huayanfang', 'cp-guloujiayuan'], phone: '0352-2045107' },

  // 公用事业 utilities and contractors, district-wide
  { key: 'heat-datong', name: '大同市热力公司', kind: 'heating_company', covers: ['pingcheng'], phone: '0352-2046101' },
  { key: 'power-datong', name: '国网大同供电公司', kind: 'power_supply', covers: ['pingcheng'], phone: '95598' },
  { key: 'tel-cmcc', name: '中国移动大同分公司', kind: 'telecom_carrier', covers: ['pingcheng'], phone: '10086' },
  { key: 'tel-unicom', name: '中国联通大同分公司', kind: 'telecom_carrier', covers: ['pingcheng'], phone: '10010' },
  { key: 'tel-telecom', name: '中国电信大同分公司', kind: 'telecom_carrier', covers: ['pingcheng'], phone: '10000' },
  { key: 'water-datong', name: '大同市自来水公司', kind: 'water_company', covers: ['pingcheng'], phone: '0352-2046102' },
  { key: 'sanit-pingcheng', name: '平城区环境卫生服务有限公司', kind: 'sanitation', covers: ['pingcheng'], phone: '0352-2046103' },
];

// ---------------------------------------------------------------------------------------------
// Categories and their deadlines (DOMAIN.md §3: sign-off within 1 working day; heating, power and
// water respond in 1 h and resolve in 24 h; emergencies resolve in 2 h; general 7 working days;
// complex 15 working days). Every category carries its own SLA; a top level's SLA is the default
// for a leaf added later.

/** General requests. */
const SLA_GENERAL: NonNullable<DemoCategory['sla']> = {
  normal: { signoff: '1wd', response: '1wd', resolution: '7wd' },
  urgent: { signoff: '2h', response: '4h', resolution: '3wd' },
  emergency: { signoff: '30m', response: '30m', resolution: '2h' },
};

/** General requests that can never be an emergency (noise, consultations). */
const SLA_ROUTINE: NonNullable<DemoCategory['sla']> = {
  normal: { signoff: '1wd', response: '1wd', resolution: '7wd' },
  urgent: { signoff: '2h', response: '4h', resolution: '3wd' },
};

/** Heating, power and water: the seed's cold radiator got staff at the door within 1 hour. */
const SLA_UTILITY: NonNullable<DemoCategory['sla']> = {
  normal: { signoff: '30m', response: '1h', resolution: '24h' },
  urgent: { signoff: '30m', response: '1h', resolution: '12h' },
  emergency: { signoff: '15m', response: '30m', resolution: '2h' },
};

/** Complex problems (missing property office, flying wires): several parties, 15 working days. */
const SLA_COMPLEX: NonNullable<DemoCategory['sla']> = {
  normal: { signoff: '1wd', response: '2wd', resolution: '15wd' },
  urgent: { signoff: '2h', response: '1wd', resolution: '7wd' },
};

/** Flying wires can hang live over a lane: complex, but with an emergency tier. */
const SLA_COMPLEX_HAZARD: NonNullable<DemoCategory['sla']> = {
  ...SLA_COMPLEX,
  emergency: { signoff: '30m', response: '30m', resolution: '2h' },
};

/** Someone trapped in a lift is always an emergency (rescuers on site within 30 minutes). */
const SLA_RESCUE: NonNullable<DemoCategory['sla']> = {
  normal: { signoff: '15m', response: '30m', resolution: '2h' },
};

const YES_NO = [
  { key: 'yes', name: '是' },
  { key: 'no', name: '否' },
];

/** 门牌号, asked wherever a repairer has to find the door. */
const FIELD_DOOR_NO: DemoField = {
  code: 'door_no',
  label: '门牌号',
  labelEn: 'Door number',
  datatype: 'string',
  required: false,
  description: '如 3单元502 或 36号商铺',
};

// prettier-ignore
export const CATEGORIES: DemoCategory[] = [
  // 物业服务 property-service conduct
  { code: 'property', name: '物业服务', nameEn: 'Property service', kind: 'service', defaultUnitKind: 'property_company', sla: SLA_GENERAL },
  { code: 'property-cleaning', name: '保洁不到位', nameEn: 'Poor cleaning', parent: 'property', kind: 'service', defaultUnitKind: 'property_company', sla: SLA_GENERAL, keywords: ['保洁', '楼道脏', '卫生死角', '没人打扫'] },
  { code: 'property-security', name: '安保与门岗', nameEn: 'Security and gate', parent: 'property', kind: 'service', defaultUnitKind: 'property_company', sla: SLA_GENERAL, keywords: ['保安', '门岗', '陌生人', '监控', '门禁'] },
  { code: 'property-attitude', name: '服务态度', nameEn: 'Staff attitude', parent: 'property', kind: 'service', defaultUnitKind: 'property_company', sla: SLA_GENERAL, keywords: ['态度差', '不理睬', '推诿', '物业客服'] },
  { code: 'property-fees', name: '物业收费', nameEn: 'Property fees', parent: 'property', kind: 'service', defaultUnitKind: 'property_company', sla: SLA_GENERAL, keywords: ['物业费', '乱收费', '收费标准', '公摊'] },
  { code: 'property-disclosure', name: '“五亮”公示不到位', nameEn: 'Five-disclosures board missing or stale', parent: 'property', kind: 'service', defaultUnitKind: 'property_company', sla: SLA_GENERAL, keywords: ['五亮', '公示', '亮职责', '亮身份', '亮承诺', '亮标准', '亮结果', '维保记录'] },

  // 供暖 heating
  { code: 'heating', name: '供暖', nameEn: 'Heating', kind: 'hardware', defaultUnitKind: 'heating_company', sla: SLA_UTILITY },
  {
    code: 'heating-leak', name: '暖气管道漏水', nameEn: 'Heating pipe leak', parent: 'heating', kind: 'hardware', defaultUnitKind: 'heating_company', sla: SLA_UTILITY,
    fields: [
      {
        code: 'leak_location', label: '漏水位置', labelEn: 'Where it leaks', datatype: 'singlevaluelist', required: true,
        values: [
          { key: 'indoor', name: '户内' },
          { key: 'stairwell', name: '楼道' },
          { key: 'pipe_well', name: '管井' },
          { key: 'outdoor', name: '室外' },
        ],
      },
      { code: 'affects_business', label: '是否影响营业', labelEn: 'Affects a business', datatype: 'singlevaluelist', required: false, values: YES_NO, description: '商铺报修时填写' },
      { code: 'found_at', label: '发现时间', labelEn: 'Noticed at', datatype: 'datetime', required: false },
      FIELD_DOOR_NO,
    ],
    keywords: ['漏水', '暖气管', '管道漏', '滴水', '爆管', '跑水'],
  },
  {
    code: 'heating-cold', name: '暖气不热', nameEn: 'Radiator not warm', parent: 'heating', kind: 'hardware', defaultUnitKind: 'heating_company', sla: SLA_UTILITY,
    fields: [
      { code: 'indoor_temp', label: '室内温度', labelEn: 'Indoor temperature', datatype: 'number', required: true, description: '摄氏度，房间中央离地1.5米处测量；低于18℃为不达标' },
      FIELD_DOOR_NO,
    ],
    keywords: ['不热', '暖气凉', '温度低', '冰凉', '不达标', '滤网堵'],
  },
  { code: 'heating-valve', name: '供暖阀门故障', nameEn: 'Heating valve fault', parent: 'heating', kind: 'hardware', defaultUnitKind: 'heating_company', sla: SLA_UTILITY, keywords: ['阀门', '关不上', '打不开', '接口松动', '管井'] },

  // 供电 power
  { code: 'power', name: '供电', nameEn: 'Electricity', kind: 'hardware', defaultUnitKind: 'power_supply', sla: SLA_UTILITY },
  { code: 'power-outage', name: '停电', nameEn: 'Power outage', parent: 'power', kind: 'hardware', defaultUnitKind: 'power_supply', sla: SLA_UTILITY, keywords: ['停电', '没电', '断电', '黑灯'] },
  {
    code: 'power-trip', name: '临时用电跳闸/过载', nameEn: 'Temporary supply tripping / overload', parent: 'power', kind: 'hardware', defaultUnitKind: 'power_supply', sla: SLA_UTILITY,
    fields: [
      {
        code: 'affected_facilities', label: '受影响设施', labelEn: 'Affected equipment', datatype: 'multivaluelist', required: false,
        values: [
          { key: 'lighting', name: '照明' },
          { key: 'air_conditioning', name: '空调' },
          { key: 'elevator', name: '电梯' },
          { key: 'water_pump', name: '二次供水水泵' },
          { key: 'ebike_charger', name: '电动车充电桩' },
        ],
      },
    ],
    keywords: ['跳闸', '临时用电', '负荷', '过载', '空调带不动'],
  },
  { code: 'power-meter', name: '电表问题', nameEn: 'Electricity meter', parent: 'power', kind: 'hardware', defaultUnitKind: 'power_supply', sla: SLA_UTILITY, keywords: ['电表', '装表', '一户一表', '计量', '电费'] },

  // 电梯 elevators (the property company maintains them)
  { code: 'elevator', name: '电梯', nameEn: 'Elevator', kind: 'hardware', defaultUnitKind: 'property_company', sla: SLA_GENERAL },
  {
    code: 'elevator-fault', name: '电梯故障停运', nameEn: 'Elevator out of service', parent: 'elevator', kind: 'hardware', defaultUnitKind: 'property_company', sla: SLA_GENERAL,
    fields: [
      { code: 'elevator_no', label: '电梯编号', labelEn: 'Elevator number', datatype: 'string', required: false, description: '轿厢内使用标志上的编号' },
      { code: 'stopped_since', label: '停运时间', labelEn: 'Out of service since', datatype: 'datetime', required: false },
    ],
    keywords: ['电梯坏', '停运', '异响', '维保', '电梯门'],
  },
  { code: 'elevator-trapped', name: '电梯困人', nameEn: 'Person trapped in elevator', parent: 'elevator', kind: 'hardware', defaultUnitKind: 'property_company', sla: SLA_RESCUE, keywords: ['困人', '被困', '关在电梯'] },

  // 供水 water
  { code: 'water', name: '供水', nameEn: 'Water supply', kind: 'hardware', defaultUnitKind: 'water_company', sla: SLA_UTILITY },
  { code: 'water-outage', name: '停水', nameEn: 'No water', parent: 'water', kind: 'hardware', defaultUnitKind: 'water_company', sla: SLA_UTILITY, keywords: ['停水', '没水', '水压低', '二次供水'] },
  { code: 'water-leak', name: '供水管道漏水', nameEn: 'Water main leak', parent: 'water', kind: 'hardware', defaultUnitKind: 'water_company', sla: SLA_UTILITY, keywords: ['自来水管', '爆管', '冒水', '井盖冒水'] },
  { code: 'water-quality', name: '水质异常', nameEn: 'Water quality', parent: 'water', kind: 'hardware', defaultUnitKind: 'water_company', sla: SLA_UTILITY, keywords: ['水黄', '浑浊', '异味', '水质'] },

  // 绿化 greenery (upkeep is a property service)
  { code: 'greenery', name: '绿化', nameEn: 'Greenery', kind: 'service', defaultUnitKind: 'property_company', sla: SLA_ROUTINE },
  { code: 'greenery-damage', name: '绿化损坏/缺株', nameEn: 'Damaged or missing plants', parent: 'greenery', kind: 'service', defaultUnitKind: 'property_company', sla: SLA_ROUTINE, keywords: ['绿化', '苗木', '补种', '草坪', '树死了'] },
  { code: 'greenery-bare', name: '黄土裸露', nameEn: 'Bare soil', parent: 'greenery', kind: 'service', defaultUnitKind: 'property_company', sla: SLA_ROUTINE, keywords: ['黄土', '裸露', '扬尘', '空地'] },

  // 停车与电动车充电 parking and e-bike charging
  { code: 'parking', name: '停车与电动车充电', nameEn: 'Parking and e-bike charging', kind: 'hardware', defaultUnitKind: 'property_company', sla: SLA_GENERAL },
  {
    code: 'parking-ebike-charging', name: '电动车充电设施', nameEn: 'E-bike charging', parent: 'parking', kind: 'hardware', defaultUnitKind: 'property_company', sla: SLA_GENERAL,
    fields: [{ code: 'shed_location', label: '车棚位置', labelEn: 'Shed location', datatype: 'string', required: false, description: '如 3号楼北侧存车棚' }],
    keywords: ['充电', '充电桩', '扫码充电', '存车棚', '飞线充电', '楼道充电'],
  },
  { code: 'parking-ebike-disorder', name: '电动车乱停乱放', nameEn: 'E-bikes parked in the way', parent: 'parking', kind: 'service', defaultUnitKind: 'property_company', sla: SLA_GENERAL, keywords: ['乱停', '乱放', '堵楼道', '消防通道', '电动车'] },
  { code: 'parking-garage', name: '地库道闸与车位', nameEn: 'Garage barrier and spaces', parent: 'parking', kind: 'hardware', defaultUnitKind: 'property_company', sla: SLA_GENERAL, keywords: ['地库', '道闸', '车位', '外来车', '停车'] },

  // 环境卫生 sanitation
  { code: 'sanitation', name: '环境卫生', nameEn: 'Sanitation', kind: 'service', defaultUnitKind: 'property_company', sla: SLA_GENERAL },
  { code: 'sanitation-garbage', name: '小区垃圾堆积', nameEn: 'Rubbish piling up in a compound', parent: 'sanitation', kind: 'service', defaultUnitKind: 'property_company', sla: SLA_GENERAL, keywords: ['垃圾', '清运', '垃圾桶满', '垃圾分类', '异味'] },
  { code: 'sanitation-ads', name: '小广告', nameEn: 'Illegal flyers', parent: 'sanitation', kind: 'other', defaultUnitKind: 'community_committee', sla: SLA_ROUTINE, keywords: ['小广告', '牛皮癣', '乱贴', '乱涂'] },
  { code: 'sanitation-street', name: '道路保洁', nameEn: 'Street cleaning', parent: 'sanitation', kind: 'service', defaultUnitKind: 'sanitation', sla: SLA_GENERAL, keywords: ['马路脏', '道路', '沿街', '落叶', '积雪'] },

  // 飞线 flying wires
  { code: 'flying-wires', name: '飞线', nameEn: 'Flying wires', kind: 'hardware', defaultUnitKind: 'telecom_carrier', sla: SLA_COMPLEX_HAZARD },
  {
    code: 'flying-wires-telecom', name: '通信线缆杂乱/废线', nameEn: 'Tangled or dead telecom cables', parent: 'flying-wires', kind: 'hardware', defaultUnitKind: 'telecom_carrier', sla: SLA_COMPLEX_HAZARD,
    fields: [
      {
        code: 'carrier', label: '所属运营商', labelEn: 'Carrier', datatype: 'singlevaluelist', required: false,
        values: [
          { key: 'cmcc', name: '中国移动' },
          { key: 'unicom', name: '中国联通' },
          { key: 'telecom', name: '中国电信' },
          { key: 'unknown', name: '不清楚' },
        ],
      },
    ],
    keywords: ['飞线', '网线', '光缆', '废线', '线缆', '蜘蛛网'],
  },
  { code: 'flying-wires-power', name: '私拉乱接电线', nameEn: 'Illegal power lines', parent: 'flying-wires', kind: 'hardware', defaultUnitKind: 'power_supply', sla: SLA_COMPLEX_HAZARD, keywords: ['私拉', '乱接', '电线', '拉线充电'] },
  { code: 'flying-wires-pole', name: '危杆/废旧交接箱', nameEn: 'Unsafe pole or dead cabinet', parent: 'flying-wires', kind: 'hardware', defaultUnitKind: 'telecom_carrier', sla: SLA_COMPLEX_HAZARD, keywords: ['电线杆', '危杆', '歪了', '交接箱', '线头'] },

  // 噪音 noise
  { code: 'noise', name: '噪音', nameEn: 'Noise', kind: 'other', defaultUnitKind: 'district_department', sla: SLA_ROUTINE },
  { code: 'noise-construction', name: '施工噪音', nameEn: 'Construction noise', parent: 'noise', kind: 'other', defaultUnitKind: 'district_department', sla: SLA_ROUTINE, keywords: ['施工', '夜间施工', '装修', '电钻'] },
  { code: 'noise-business', name: '商铺经营噪音', nameEn: 'Shop noise', parent: 'noise', kind: 'other', defaultUnitKind: 'district_department', sla: SLA_ROUTINE, keywords: ['喇叭', '音响', '叫卖', '广场舞'] },
  { code: 'noise-neighbour', name: '邻里噪音', nameEn: 'Neighbour noise', parent: 'noise', kind: 'other', defaultUnitKind: 'community_committee', sla: SLA_ROUTINE, keywords: ['楼上', '邻居', '吵闹', '宠物叫'] },

  // 物业用房 property office (the 91% of 天香蓝郡's complaints)
  { code: 'property-office', name: '物业用房', nameEn: 'Property office premises', kind: 'hardware', defaultUnitKind: 'property_company', sla: SLA_COMPLEX },
  {
    // the community convenes the three-party consultation (三方会商) that settles it
    code: 'property-office-missing', name: '物业用房缺失', nameEn: 'No property office', parent: 'property-office', kind: 'hardware', defaultUnitKind: 'community_committee', sla: SLA_COMPLEX,
    fields: [{ code: 'details', label: '补充说明', labelEn: 'Details', datatype: 'text', required: false, description: '现状、面积、开发商交付情况等' }],
    keywords: ['物业用房', '没有物业办公室', '物业办公', '配套用房', '产权'],
  },
  { code: 'property-office-misuse', name: '物业用房被占用', nameEn: 'Property office used for something else', parent: 'property-office', kind: 'hardware', defaultUnitKind: 'property_company', sla: SLA_COMPLEX, keywords: ['占用', '出租', '挪用', '物业用房'] },

  // 其他 other
  { code: 'other', name: '其他', nameEn: 'Other', kind: 'other', defaultUnitKind: 'street_office', sla: SLA_ROUTINE },
  { code: 'other-accessibility', name: '无障碍设施', nameEn: 'Accessibility facilities', parent: 'other', kind: 'hardware', defaultUnitKind: 'district_department', sla: SLA_ROUTINE, keywords: ['无障碍', '坡道', '盲道', '残疾人', '轮椅'] },
  { code: 'other-consult', name: '政策咨询', nameEn: 'Policy question', parent: 'other', kind: 'other', defaultUnitKind: 'street_office', sla: SLA_ROUTINE, keywords: ['咨询', '政策', '怎么办理', '请问'] },
  { code: 'other-suggestion', name: '意见建议', nameEn: 'Suggestion', parent: 'other', kind: 'other', defaultUnitKind: 'street_office', sla: SLA_ROUTINE, keywords: ['建议', '意见', '希望', '表扬'] },
];

// ---------------------------------------------------------------------------------------------
// Users. All phones are invented; each is unique.

// prettier-ignore
export const USERS: DemoUser[] = [
  { username: 'admin', name: '赵建国', phone: '13803520001', role: 'admin', password: DEMO_PASSWORD },

  // supervisors: district level and 白登山 street level
  { username: 'supervisor', name: '刘志刚', phone: '13803520002', role: 'supervisor', place: 'pingcheng', password: DEMO_PASSWORD },
  { username: 'supervisor.bds', name: '张慧敏', phone: '13903520003', role: 'supervisor', place: 'st-baidengshan', password: DEMO_PASSWORD },

  // dispatchers: the district hotline and the heating line (供热专线) seat
  { username: 'dispatcher', name: '李娜', phone: '15003520004', role: 'dispatcher', place: 'pingcheng', password: DEMO_PASSWORD },
  { username: 'dispatcher.heating', name: '王芳', phone: '15103520005', role: 'dispatcher', place: 'pingcheng', password: DEMO_PASSWORD },

  // handlers: two property companies that must not see each other's orders, utilities, committees
  { username: 'handler.shy', name: '陈晓东', phone: '18603520006', role: 'handler', unit: 'pc-huayu', password: DEMO_PASSWORD },
  { username: 'handler.txlj', name: '杨丽', phone: '18703520007', role: 'handler', unit: 'pc-lanjun', password: DEMO_PASSWORD },
  { username: 'handler.lvdi', name: '周强', phone: '18903520008', role: 'handler', unit: 'pc-lvdi', password: DEMO_PASSWORD },
  { username: 'handler.bdwy', name: '孙磊', phone: '15803520009', role: 'handler', unit: 'pc-baideng', password: DEMO_PASSWORD },
  { username: 'handler.heat', name: '郭永刚', phone: '13603520010', role: 'handler', unit: 'heat-datong', password: DEMO_PASSWORD },
  { username: 'handler.power', name: '高峰', phone: '13703520011', role: 'handler', unit: 'power-datong', password: DEMO_PASSWORD },
  { username: 'handler.hexin', name: '马晓燕', phone: '15203520012', role: 'handler', unit: 'cc-hexin', password: DEMO_PASSWORD },
  { username: 'handler.haili', name: '吕建军', phone: '15903520013', role: 'handler', unit: 'vc-haili', password: DEMO_PASSWORD },

  // inspectors: the 御河东 grid worker, and a 住建局 inspector for district-wide 五亮 spot checks
  { username: 'inspector', name: '冯雪', phone: '18803520014', role: 'inspector', place: 'c-yuhedong', password: DEMO_PASSWORD },
  { username: 'inspector.zj', name: '田伟', phone: '18103520015', role: 'inspector', place: 'pingcheng', password: DEMO_PASSWORD },

  // co-governance: the 鹿鸣社区 volunteer-points organiser and a housekeeping merchant redeeming rewards
  { username: 'organiser', name: '何静', phone: '13503520016', role: 'organiser', place: 'c-luming', password: DEMO_PASSWORD },
  { username: 'merchant', name: '宋玉梅', phone: '15303520017', role: 'merchant', place: 'c-luming', password: DEMO_PASSWORD },

  // residents (place = home building, or the shop for the shop owner)
  { username: 'resident', name: '王大姐', phone: '13403520018', role: 'resident', place: 'cp-lvdi-b5', password: DEMO_PASSWORD },
  { username: 'resident.txlj', name: '李建华', phone: '18503520019', role: 'resident', place: 'cp-tianxianglanjun-b3', password: DEMO_PASSWORD },
  { username: 'resident.shop', name: '贾志勇', phone: '15703520020', role: 'resident', place: 'cp-hailixiyuan-s36', password: DEMO_PASSWORD },
  { username: 'resident.shy', name: '赵淑芬', phone: '13303520021', role: 'resident', place: 'cp-shanghuayuan-b2', password: DEMO_PASSWORD },
  { username: 'resident.haili', name: '白福生', phone: '18203520022', role: 'resident', place: 'cp-hailixincun-b2', password: DEMO_PASSWORD },
  { username: 'resident.dfl', name: '程丽萍', phone: '15503520023', role: 'resident', place: 'cp-dongfangluoma-b6', password: DEMO_PASSWORD },
];
