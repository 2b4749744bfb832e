import type { QaCode } from "./qa.model";

/**
 * UI texts for QA issues, in ICU syntax with the params `runQaChecks` sets, ready to be added
 * to the catalogs as `qa.<code>`. Kept next to the checks so a new code cannot ship without
 * its message (the Record type makes a missing one a compile error).
 */
export const QA_MESSAGES: Record<QaCode, { en: string; ar: string; ru: string; context: string }> = {
  numbers_differ: {
    en: "The numbers differ from the source. Missing: {missing}. Extra: {extra}.",
    ar: "الأرقام مختلفة عن النص الأصلي. ناقصة: {missing}. زائدة: {extra}.",
    ru: "Числа отличаются от оригинала. Не хватает: {missing}. Лишние: {extra}.",
    context:
      "QA issue under a segment (blocks saving). {missing} and {extra} are comma-separated numbers, or — when there are none. Digits in any script count as the same number.",
  },
  placeholder_missing: {
    en: "Formatting placeholders missing from the translation: {placeholders}.",
    ar: "عناصر تنسيق ناقصة في الترجمة: {placeholders}.",
    ru: "В переводе не хватает меток форматирования: {placeholders}.",
    context: "QA issue (blocks saving). {placeholders} lists tags such as {1}, {/1} or {2/} that stand for bold, italics, links or line breaks.",
  },
  placeholder_extra: {
    en: "The translation has formatting placeholders that are not in the source: {placeholders}.",
    ar: "في الترجمة عناصر تنسيق غير موجودة في النص الأصلي: {placeholders}.",
    ru: "В переводе есть метки форматирования, которых нет в оригинале: {placeholders}.",
    context: "QA issue (blocks saving). {placeholders} lists the extra tags, for example {3}, {/3}.",
  },
  placeholder_misordered: {
    en: "Formatting placeholders are broken or wrongly nested near character {position}.",
    ar: "عناصر التنسيق تالفة أو متداخلة بشكل خاطئ قرب الحرف {position}.",
    ru: "Метки форматирования повреждены или неправильно вложены около символа {position}.",
    context:
      "QA issue (blocks saving): a closing tag comes before its opening tag, two pairs cross, or a tag is damaged. {position} is the character position (from 1) in the translation.",
  },
  glossary_preferred_missing: {
    en: "Glossary: “{term}” is usually translated as {preferred}.",
    ar: "المسرد: تُترجم «{term}» عادةً إلى {preferred}.",
    ru: "Глоссарий: «{term}» обычно переводится как {preferred}.",
    context: "QA warning. {term} is a source-language glossary term found in the segment; {preferred} lists the preferred renderings separated by slashes.",
  },
  glossary_forbidden_used: {
    en: "Glossary: “{forbidden}” must not be used (term “{term}”).",
    ar: "المسرد: لا يجوز استخدام «{forbidden}» (المصطلح «{term}»).",
    ru: "Глоссарий: нельзя использовать «{forbidden}» (термин «{term}»).",
    context: "QA issue (blocks saving). {forbidden} is a rendering the glossary forbids; {term} is the glossary term it belongs to.",
  },
  dnt_altered: {
    en: "“{term}” must stay exactly as in the source.",
    ar: "يجب أن تبقى «{term}» كما هي في النص الأصلي تماماً.",
    ru: "«{term}» нужно оставить точно как в оригинале.",
    context: "QA issue (blocks saving). {term} is a do-not-translate glossary term (a name, acronym or brand) that the translation changed or left out.",
  },
  identical_to_source: {
    en: "The translation is identical to the source.",
    ar: "الترجمة مطابقة للنص الأصلي.",
    ru: "Перевод совпадает с оригиналом.",
    context: "QA warning: the translator probably forgot to translate the segment.",
  },
  empty_target: {
    en: "The translation is empty.",
    ar: "الترجمة فارغة.",
    ru: "Перевод пуст.",
    context: "QA issue (blocks saving): the segment has no translated text.",
  },
  url_changed: {
    en: "Web addresses differ from the source. Missing: {missing}. Extra: {extra}.",
    ar: "عناوين الويب مختلفة عن النص الأصلي. ناقصة: {missing}. زائدة: {extra}.",
    ru: "Веб-адреса отличаются от оригинала. Не хватает: {missing}. Лишние: {extra}.",
    context: "QA issue (blocks saving). {missing} and {extra} are URLs separated by spaces, or — when there are none.",
  },
  length_ratio: {
    en: "The translation is {ratio} times the length of the source (usual range {min}–{max}).",
    ar: "نسبة طول الترجمة إلى طول النص الأصلي {ratio} (المعتاد بين {min} و{max}).",
    ru: "Длина перевода составляет {ratio} от длины оригинала (обычно от {min} до {max}).",
    context: "QA warning: the translation is much shorter or longer than expected. {ratio}, {min} and {max} are decimal numbers such as 0.25 or 2.5.",
  },
  whitespace_mismatch: {
    en: "Spaces {edge, select, leading {at the start} other {at the end}} differ from the source.",
    ar: "المسافات {edge, select, leading {في البداية} other {في النهاية}} مختلفة عن النص الأصلي.",
    ru: "Пробелы {edge, select, leading {в начале} other {в конце}} отличаются от оригинала.",
    context: "QA warning about spaces before or after the text. {edge} is leading (start) or trailing (end).",
  },
  final_punctuation_mismatch: {
    en: "The source ends with “{expected}” but the translation {found, select, none {has no final punctuation} other {ends with “{found}”}}.",
    ar: "ينتهي النص الأصلي بـ«{expected}» لكن الترجمة {found, select, none {بلا علامة ترقيم في آخرها} other {تنتهي بـ«{found}»}}.",
    ru: "Оригинал заканчивается на «{expected}», а перевод {found, select, none {без знака препинания в конце} other {заканчивается на «{found}»}}.",
    context:
      "QA warning. {expected} and {found} are punctuation marks; found is none when the translation ends without one. ? and ؟, ; and ؛, , and ، count as the same.",
  },
  bidi_controls: {
    en: "The translation contains invisible text-direction controls ({controls}) that are unbalanced or not in the source. Remove them.",
    ar: "تحتوي الترجمة على رموز خفية للتحكم في اتجاه النص ({controls}) غير متوازنة أو غير موجودة في النص الأصلي. احذفها.",
    ru: "В переводе есть невидимые символы управления направлением текста ({controls}), несбалансированные или отсутствующие в оригинале. Удалите их.",
    context: "QA issue (blocks saving): such characters can reorder or hide text. {controls} lists code points such as U+202E.",
  },
  bidi_marks: {
    en: "The translation contains invisible direction marks ({marks}) that the source does not have.",
    ar: "تحتوي الترجمة على علامات اتجاه خفية ({marks}) غير موجودة في النص الأصلي.",
    ru: "В переводе есть невидимые метки направления ({marks}), которых нет в оригинале.",
    context: "QA warning: left-to-right or right-to-left marks are usually harmless but invisible. {marks} lists code points such as U+200F.",
  },
};
