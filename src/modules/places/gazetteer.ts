/**
 * Syria's 14 governorates (ISO 3166-2:SY codes) and their 64 districts (mintaqa), with names
 * in Arabic and English. District codes are the governorate code plus a short Latin name, so
 * they stay readable in URLs and exports. Sources and licence: docs/data.md.
 */
export interface Place {
  code: string;
  en: string;
  ar: string;
  /** The governorate of a district; null for a governorate. */
  parent: string | null;
}

type Row = [code: string, en: string, ar: string];

const TREE: Array<[governorate: Row, districts: Row[]]> = [
  [["SY-DI", "Damascus", "دمشق"], [["SY-DI-damascus", "Damascus", "دمشق"]]],
  [
    ["SY-RD", "Rif Dimashq", "ريف دمشق"],
    [
      ["SY-RD-markaz", "Markaz Rif Dimashq", "مركز ريف دمشق"],
      ["SY-RD-douma", "Douma", "دوما"],
      ["SY-RD-qutayfah", "Al-Qutayfah", "القطيفة"],
      ["SY-RD-tall", "At-Tall", "التل"],
      ["SY-RD-qatana", "Qatana", "قطنا"],
      ["SY-RD-darayya", "Darayya", "داريا"],
      ["SY-RD-yabroud", "Yabroud", "يبرود"],
      ["SY-RD-nabk", "An-Nabk", "النبك"],
      ["SY-RD-zabadani", "Az-Zabadani", "الزبداني"],
      ["SY-RD-qudsaya", "Qudsaya", "قدسيا"],
    ],
  ],
  [
    ["SY-HL", "Aleppo", "حلب"],
    [
      ["SY-HL-simeon", "Mount Simeon", "جبل سمعان"],
      ["SY-HL-afrin", "Afrin", "عفرين"],
      ["SY-HL-bab", "Al-Bab", "الباب"],
      ["SY-HL-azaz", "Azaz", "أعزاز"],
      ["SY-HL-jarabulus", "Jarabulus", "جرابلس"],
      ["SY-HL-manbij", "Manbij", "منبج"],
      ["SY-HL-safirah", "As-Safirah", "السفيرة"],
      ["SY-HL-kobani", "Ayn al-Arab (Kobani)", "عين العرب"],
      ["SY-HL-atarib", "Al-Atarib", "الأتارب"],
      ["SY-HL-dayrhafir", "Dayr Hafir", "دير حافر"],
    ],
  ],
  [
    ["SY-HI", "Homs", "حمص"],
    [
      ["SY-HI-homs", "Homs", "حمص"],
      ["SY-HI-mukharram", "Al-Mukharram", "المخرم"],
      ["SY-HI-qusayr", "Al-Qusayr", "القصير"],
      ["SY-HI-rastan", "Ar-Rastan", "الرستن"],
      ["SY-HI-tadmur", "Tadmur (Palmyra)", "تدمر"],
      ["SY-HI-talkalakh", "Tell Kalakh", "تلكلخ"],
    ],
  ],
  [
    ["SY-HM", "Hama", "حماة"],
    [
      ["SY-HM-hama", "Hama", "حماة"],
      ["SY-HM-masyaf", "Masyaf", "مصياف"],
      ["SY-HM-mhardeh", "Mhardeh", "محردة"],
      ["SY-HM-salamiyah", "As-Salamiyah", "السلمية"],
      ["SY-HM-suqaylabiyah", "As-Suqaylabiyah", "السقيلبية"],
    ],
  ],
  [
    ["SY-LA", "Latakia", "اللاذقية"],
    [
      ["SY-LA-latakia", "Latakia", "اللاذقية"],
      ["SY-LA-haffah", "Al-Haffah", "الحفة"],
      ["SY-LA-jableh", "Jableh", "جبلة"],
      ["SY-LA-qardaha", "Al-Qardaha", "القرداحة"],
    ],
  ],
  [
    ["SY-TA", "Tartus", "طرطوس"],
    [
      ["SY-TA-tartus", "Tartus", "طرطوس"],
      ["SY-TA-baniyas", "Baniyas", "بانياس"],
      ["SY-TA-duraykish", "Duraykish", "الدريكيش"],
      ["SY-TA-safita", "Safita", "صافيتا"],
      ["SY-TA-shaykhbadr", "Ash-Shaykh Badr", "الشيخ بدر"],
    ],
  ],
  [
    ["SY-ID", "Idlib", "إدلب"],
    [
      ["SY-ID-idlib", "Idlib", "إدلب"],
      ["SY-ID-ariha", "Ariha", "أريحا"],
      ["SY-ID-harem", "Harem", "حارم"],
      ["SY-ID-jisr", "Jisr al-Shughur", "جسر الشغور"],
      ["SY-ID-maarrat", "Maarrat al-Nu'man", "معرة النعمان"],
    ],
  ],
  [
    ["SY-HA", "Al-Hasakah", "الحسكة"],
    [
      ["SY-HA-hasakah", "Al-Hasakah", "الحسكة"],
      ["SY-HA-qamishli", "Qamishli", "القامشلي"],
      ["SY-HA-malikiyah", "Al-Malikiyah", "المالكية"],
      ["SY-HA-rasalayn", "Ras al-Ayn", "رأس العين"],
    ],
  ],
  [
    ["SY-RA", "Ar-Raqqah", "الرقة"],
    [
      ["SY-RA-raqqah", "Ar-Raqqah", "الرقة"],
      ["SY-RA-tallabyad", "Tell Abyad", "تل أبيض"],
      ["SY-RA-thawrah", "Ath-Thawrah", "الثورة"],
    ],
  ],
  [
    ["SY-DY", "Deir ez-Zor", "دير الزور"],
    [
      ["SY-DY-deirezzor", "Deir ez-Zor", "دير الزور"],
      ["SY-DY-mayadin", "Al-Mayadin", "الميادين"],
      ["SY-DY-bukamal", "Abu Kamal", "البوكمال"],
    ],
  ],
  [
    ["SY-DR", "Daraa", "درعا"],
    [
      ["SY-DR-daraa", "Daraa", "درعا"],
      ["SY-DR-izra", "Izra'", "إزرع"],
      ["SY-DR-sanamayn", "As-Sanamayn", "الصنمين"],
    ],
  ],
  [
    ["SY-SU", "As-Suwayda", "السويداء"],
    [
      ["SY-SU-suwayda", "As-Suwayda", "السويداء"],
      ["SY-SU-salkhad", "Salkhad", "صلخد"],
      ["SY-SU-shahba", "Shahba", "شهبا"],
    ],
  ],
  [
    ["SY-QU", "Quneitra", "القنيطرة"],
    [
      ["SY-QU-quneitra", "Quneitra", "القنيطرة"],
      ["SY-QU-fiq", "Fiq", "فيق"],
    ],
  ],
];

export const PLACES: readonly Place[] = TREE.flatMap(([[gCode, gEn, gAr], districts]) => [
  { code: gCode, en: gEn, ar: gAr, parent: null },
  ...districts.map(([code, en, ar]) => ({ code, en, ar, parent: gCode })),
]);

const BY_CODE = new Map(PLACES.map((p) => [p.code, p]));

export const GOVERNORATES = PLACES.filter((p) => p.parent === null);
export const PLACE_CODES = PLACES.map((p) => p.code) as [string, ...string[]];

export function placeByCode(code: string): Place | undefined {
  return BY_CODE.get(code);
}

export function districtsOf(governorate: string): Place[] {
  return PLACES.filter((p) => p.parent === governorate);
}

/** The place's name for a reader: Arabic for Arabic readers, English otherwise. */
export function placeName(code: string, lang: string): string {
  const place = BY_CODE.get(code);
  if (!place) {
    return code;
  }
  return lang === "ar" ? place.ar : place.en;
}

/** A place and everything inside it, so filtering by a governorate finds its districts too. */
export function placeAndChildren(code: string): string[] {
  return [code, ...PLACES.filter((p) => p.parent === code).map((p) => p.code)];
}
