/**
 * Transliteration tables for slug(): one entry per code point, `|`-separated, ' ' for "not a
 * letter" (a separator), '' for "drop" (Cyrillic hard/soft signs). Plain strings cost nothing
 * at module load on the njs engine; slug() splits one the first time it needs it.
 *
 * Latin (U+00C0–U+024F and U+1E00–U+1EFF): the base letter of the Unicode decomposition, with
 * German umlauts as ae/oe/ue, ß → ss, Æ → AE, Œ → OE, Þ → TH, Ð/Đ → D, Ø → O, Ł → L.
 * Greek (U+0386–U+03CE): modern pronunciation (η → i, θ → th, β → v, ω → o), accents dropped.
 * Cyrillic (U+0400–U+045F): Russian/Ukrainian/Macedonian conventions (ж → zh, ц → cz, щ → shh,
 * ю → yu, ъ/ь dropped). These follow @sindresorhus/transliterate's choices (see docs/helpers.md).
 */
export const LATIN_BASE = 0xC0
export const LATIN = 'A|A|A|A|Ae|A|AE|C|E|E|E|E|I|I|I|I|D|N|O|O|O|O|Oe| |O|U|U|U|Ue|Y|TH|ss|a|a|a|a|ae|a|ae|c|e|e|e|e|i|i|i|i|d|n|o|o|o|o|oe| |o|u|u|u|ue|y|th|y|A|a|A|a|A|a|C|c|C|c|C|c|C|c|D|d|D|d|E|e|E|e|E|e|E|e|E|e|G|g|G|g|G|g|G|g|H|h|H|h|I|i|I|i|I|i|I|i|I|i|IJ|ij|J|j|K|k|k|L|l|L|l|L|l|L|l|L|l|N|n|N|n|N|n|n|N|n|O|o|O|o|O|o|OE|oe|R|r|R|r|R|r|S|s|S|s|S|s|S|s|T|t|T|t|T|t|U|u|U|u|U|u|U|u|U|u|U|u|W|w|Y|y|Y|Z|z|Z|z|Z|z|s|b|B| | | | | |C|c|D|D| | | | | | |F|f|G| | | |I|K|k|l| | |N|n| |O|o| | |P|p| | | | | |t|T|t|T|U|u| |V|Y|y|Z|z| | | | | | | | | | | | | |DZ|Dz|dz|LJ|Lj|lj|NJ|Nj|nj|A|a|I|i|O|o|U|u|U|u|U|u|U|u|U|u| |A|a|A|a|AE|ae|G|g|G|g|K|k|O|o|O|o| | |j|DZ|Dz|dz|G|g| | |N|n|A|a|AE|ae|O|o|A|a|A|a|E|e|E|e|I|i|I|i|O|o|O|o|R|r|R|r|U|u|U|u|S|s|T|t| | |H|h| | | | | | |A|a|E|e|O|o|O|o|O|o|O|o|Y|y| | | | | | |A|C|c|L|T| | | | | | | |E|e|J|j| | |R|r|Y|y'
export const LATIN_EXTENDED_BASE = 0x1E00
export const LATIN_EXTENDED = 'A|a|B|b|B|b|B|b|C|c|D|d|D|d|D|d|D|d|D|d|E|e|E|e|E|e|E|e|E|e|F|f|G|g|H|h|H|h|H|h|H|h|H|h|I|i|I|i|K|k|K|k|K|k|L|l|L|l|L|l|L|l|M|m|M|m|M|m|N|n|N|n|N|n|N|n|O|o|O|o|O|o|O|o|P|p|P|p|R|r|R|r|R|r|R|r|S|s|S|s|S|s|S|s|S|s|T|t|T|t|T|t|T|t|U|u|U|u|U|u|U|u|U|u|V|v|V|v|W|w|W|w|W|w|W|w|W|w|X|x|X|x|Y|y|Z|z|Z|z|Z|z|h|t|w|y| | | | |SS| |A|a|A|a|A|a|A|a|A|a|A|a|A|a|A|a|A|a|A|a|A|a|A|a|E|e|E|e|E|e|E|e|E|e|E|e|E|e|E|e|I|i|I|i|O|o|O|o|O|o|O|o|O|o|O|o|O|o|O|o|O|o|O|o|O|o|O|o|U|u|U|u|U|u|U|u|U|u|U|u|U|u|Y|y|Y|y|Y|y|Y|y| | | | | | '
export const GREEK_BASE = 0x386
export const GREEK = 'A| |E|I|I| |O| |Y|O|i|A|B|G|D|E|Z|I|TH|I|K|L|M|N|KS|O|P|R| |S|T|Y|F|X|PS|O|I|Y|a|e|i|i|y|a|v|g|d|e|z|i|th|i|k|l|m|n|ks|o|p|r|s|s|t|y|f|x|ps|o|i|y|o|y|o'
export const CYRILLIC_BASE = 0x400
export const CYRILLIC = 'E|Yo|Dj|Gj|Ye|Dz|I|Yi|J|Lj|Nj|C|Kj|I|U|Dz|A|B|V|G|D|E|Zh|Z|I|J|K|L|M|N|O|P|R|S|T|U|F|H|Cz|Ch|Sh|Shh||Y||E|Yu|Ya|a|b|v|g|d|e|zh|z|i|j|k|l|m|n|o|p|r|s|t|u|f|h|cz|ch|sh|shh||y||e|yu|ya|e|yo|dj|gj|ye|dz|i|yi|j|lj|nj|c|kj|i|u|dz'
