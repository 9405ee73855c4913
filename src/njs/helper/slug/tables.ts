/**
 * Transliteration tables for slug(): three characters per code point, `_`-padded (`A__`,
 * `TH_`, `Shh`); ` __` means "not a letter" (a separator), `___` "drop" (Cyrillic hard/soft
 * signs). Plain strings cost nothing at module load on the njs engine, and a fixed width is
 * read without splitting the table (which would be redone for every request there).
 *
 * Latin (U+00C0–U+024F and U+1E00–U+1EFF): the base letter of the Unicode decomposition, with
 * German umlauts as ae/oe/ue, ß → ss, Æ → AE, Œ → OE, Þ → TH, Ð/Đ → D, Ø → O, Ł → L.
 * Greek (U+0386–U+03CE): modern pronunciation (η → i, θ → th, β → v, ω → o), accents dropped.
 * Cyrillic (U+0400–U+045F): Russian/Ukrainian/Macedonian conventions (ж → zh, ц → cz, щ → shh,
 * ю → yu, ъ/ь dropped). These follow @sindresorhus/transliterate's choices (see docs/helpers.md).
 */
export const LATIN_BASE = 0xC0
export const LATIN = 'A__A__A__A__Ae_A__AE_C__E__E__E__E__I__I__I__I__D__N__O__O__O__O__Oe_ __O__U__U__U__Ue_Y__TH_ss_a__a__a__a__ae_a__ae_c__e__e__e__e__i__i__i__i__d__n__o__o__o__o__oe_ __o__u__u__u__ue_y__th_y__A__a__A__a__A__a__C__c__C__c__C__c__C__c__D__d__D__d__E__e__E__e__E__e__E__e__E__e__G__g__G__g__G__g__G__g__H__h__H__h__I__i__I__i__I__i__I__i__I__i__IJ_ij_J__j__K__k__k__L__l__L__l__L__l__L__l__L__l__N__n__N__n__N__n__n__N__n__O__o__O__o__O__o__OE_oe_R__r__R__r__R__r__S__s__S__s__S__s__S__s__T__t__T__t__T__t__U__u__U__u__U__u__U__u__U__u__U__u__W__w__Y__y__Y__Z__z__Z__z__Z__z__s__b__B__ __ __ __ __ __C__c__D__D__ __ __ __ __ __ __F__f__G__ __ __ __I__K__k__l__ __ __N__n__ __O__o__ __ __P__p__ __ __ __ __ __t__T__t__T__U__u__ __V__Y__y__Z__z__ __ __ __ __ __ __ __ __ __ __ __ __ __DZ_Dz_dz_LJ_Lj_lj_NJ_Nj_nj_A__a__I__i__O__o__U__u__U__u__U__u__U__u__U__u__ __A__a__A__a__AE_ae_G__g__G__g__K__k__O__o__O__o__ __ __j__DZ_Dz_dz_G__g__ __ __N__n__A__a__AE_ae_O__o__A__a__A__a__E__e__E__e__I__i__I__i__O__o__O__o__R__r__R__r__U__u__U__u__S__s__T__t__ __ __H__h__ __ __ __ __ __ __A__a__E__e__O__o__O__o__O__o__O__o__Y__y__ __ __ __ __ __ __A__C__c__L__T__ __ __ __ __ __ __ __E__e__J__j__ __ __R__r__Y__y__'
export const LATIN_EXTENDED_BASE = 0x1E00
export const LATIN_EXTENDED = 'A__a__B__b__B__b__B__b__C__c__D__d__D__d__D__d__D__d__D__d__E__e__E__e__E__e__E__e__E__e__F__f__G__g__H__h__H__h__H__h__H__h__H__h__I__i__I__i__K__k__K__k__K__k__L__l__L__l__L__l__L__l__M__m__M__m__M__m__N__n__N__n__N__n__N__n__O__o__O__o__O__o__O__o__P__p__P__p__R__r__R__r__R__r__R__r__S__s__S__s__S__s__S__s__S__s__T__t__T__t__T__t__T__t__U__u__U__u__U__u__U__u__U__u__V__v__V__v__W__w__W__w__W__w__W__w__W__w__X__x__X__x__Y__y__Z__z__Z__z__Z__z__h__t__w__y__ __ __ __ __SS_ __A__a__A__a__A__a__A__a__A__a__A__a__A__a__A__a__A__a__A__a__A__a__A__a__E__e__E__e__E__e__E__e__E__e__E__e__E__e__E__e__I__i__I__i__O__o__O__o__O__o__O__o__O__o__O__o__O__o__O__o__O__o__O__o__O__o__O__o__U__u__U__u__U__u__U__u__U__u__U__u__U__u__Y__y__Y__y__Y__y__Y__y__ __ __ __ __ __ __'
export const GREEK_BASE = 0x386
export const GREEK = 'A__ __E__I__I__ __O__ __Y__O__i__A__B__G__D__E__Z__I__TH_I__K__L__M__N__KS_O__P__R__ __S__T__Y__F__X__PS_O__I__Y__a__e__i__i__y__a__v__g__d__e__z__i__th_i__k__l__m__n__ks_o__p__r__s__s__t__y__f__x__ps_o__i__y__o__y__o__'
export const CYRILLIC_BASE = 0x400
export const CYRILLIC = 'E__Yo_Dj_Gj_Ye_Dz_I__Yi_J__Lj_Nj_C__Kj_I__U__Dz_A__B__V__G__D__E__Zh_Z__I__J__K__L__M__N__O__P__R__S__T__U__F__H__Cz_Ch_Sh_Shh___Y_____E__Yu_Ya_a__b__v__g__d__e__zh_z__i__j__k__l__m__n__o__p__r__s__t__u__f__h__cz_ch_sh_shh___y_____e__yu_ya_e__yo_dj_gj_ye_dz_i__yi_j__lj_nj_c__kj_i__u__dz_'
