"""Models of the Graph, version 1, one module a class, each imported when first used.

Import them from here (`from p_graph.models import X`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import ModelLoader

if TYPE_CHECKING:
    from ._base import Base as Base
    from ._derived import Derived as Derived
    from ._edge import Edge as Edge
    from ._filler0 import Filler0 as Filler0
    from ._filler1 import Filler1 as Filler1
    from ._filler2 import Filler2 as Filler2
    from ._filler3 import Filler3 as Filler3
    from ._filler4 import Filler4 as Filler4
    from ._filler5 import Filler5 as Filler5
    from ._filler6 import Filler6 as Filler6
    from ._filler7 import Filler7 as Filler7
    from ._filler8 import Filler8 as Filler8
    from ._filler9 import Filler9 as Filler9
    from ._filler10 import Filler10 as Filler10
    from ._filler11 import Filler11 as Filler11
    from ._filler12 import Filler12 as Filler12
    from ._filler13 import Filler13 as Filler13
    from ._filler14 import Filler14 as Filler14
    from ._filler15 import Filler15 as Filler15
    from ._filler16 import Filler16 as Filler16
    from ._filler17 import Filler17 as Filler17
    from ._filler18 import Filler18 as Filler18
    from ._filler19 import Filler19 as Filler19
    from ._filler20 import Filler20 as Filler20
    from ._filler21 import Filler21 as Filler21
    from ._filler22 import Filler22 as Filler22
    from ._filler23 import Filler23 as Filler23
    from ._filler24 import Filler24 as Filler24
    from ._filler25 import Filler25 as Filler25
    from ._filler26 import Filler26 as Filler26
    from ._filler27 import Filler27 as Filler27
    from ._filler28 import Filler28 as Filler28
    from ._filler29 import Filler29 as Filler29
    from ._filler30 import Filler30 as Filler30
    from ._filler31 import Filler31 as Filler31
    from ._filler32 import Filler32 as Filler32
    from ._filler33 import Filler33 as Filler33
    from ._filler34 import Filler34 as Filler34
    from ._filler35 import Filler35 as Filler35
    from ._filler36 import Filler36 as Filler36
    from ._filler37 import Filler37 as Filler37
    from ._filler38 import Filler38 as Filler38
    from ._filler39 import Filler39 as Filler39
    from ._filler40 import Filler40 as Filler40
    from ._filler41 import Filler41 as Filler41
    from ._filler42 import Filler42 as Filler42
    from ._filler43 import Filler43 as Filler43
    from ._filler44 import Filler44 as Filler44
    from ._filler45 import Filler45 as Filler45
    from ._filler46 import Filler46 as Filler46
    from ._filler47 import Filler47 as Filler47
    from ._filler48 import Filler48 as Filler48
    from ._filler49 import Filler49 as Filler49
    from ._filler50 import Filler50 as Filler50
    from ._filler51 import Filler51 as Filler51
    from ._filler52 import Filler52 as Filler52
    from ._filler53 import Filler53 as Filler53
    from ._filler54 import Filler54 as Filler54
    from ._filler55 import Filler55 as Filler55
    from ._filler56 import Filler56 as Filler56
    from ._filler57 import Filler57 as Filler57
    from ._filler58 import Filler58 as Filler58
    from ._filler59 import Filler59 as Filler59
    from ._filler60 import Filler60 as Filler60
    from ._filler61 import Filler61 as Filler61
    from ._filler62 import Filler62 as Filler62
    from ._filler63 import Filler63 as Filler63
    from ._filler64 import Filler64 as Filler64
    from ._filler65 import Filler65 as Filler65
    from ._filler66 import Filler66 as Filler66
    from ._filler67 import Filler67 as Filler67
    from ._filler68 import Filler68 as Filler68
    from ._filler69 import Filler69 as Filler69
    from ._filler70 import Filler70 as Filler70
    from ._filler71 import Filler71 as Filler71
    from ._filler72 import Filler72 as Filler72
    from ._filler73 import Filler73 as Filler73
    from ._filler74 import Filler74 as Filler74
    from ._filler75 import Filler75 as Filler75
    from ._filler76 import Filler76 as Filler76
    from ._filler77 import Filler77 as Filler77
    from ._filler78 import Filler78 as Filler78
    from ._filler79 import Filler79 as Filler79
    from ._filler80 import Filler80 as Filler80
    from ._filler81 import Filler81 as Filler81
    from ._filler82 import Filler82 as Filler82
    from ._filler83 import Filler83 as Filler83
    from ._filler84 import Filler84 as Filler84
    from ._filler85 import Filler85 as Filler85
    from ._filler86 import Filler86 as Filler86
    from ._filler87 import Filler87 as Filler87
    from ._filler88 import Filler88 as Filler88
    from ._filler89 import Filler89 as Filler89
    from ._filler90 import Filler90 as Filler90
    from ._filler91 import Filler91 as Filler91
    from ._filler92 import Filler92 as Filler92
    from ._filler93 import Filler93 as Filler93
    from ._filler94 import Filler94 as Filler94
    from ._filler95 import Filler95 as Filler95
    from ._filler96 import Filler96 as Filler96
    from ._filler97 import Filler97 as Filler97
    from ._filler98 import Filler98 as Filler98
    from ._filler99 import Filler99 as Filler99
    from ._filler100 import Filler100 as Filler100
    from ._filler101 import Filler101 as Filler101
    from ._filler102 import Filler102 as Filler102
    from ._filler103 import Filler103 as Filler103
    from ._filler104 import Filler104 as Filler104
    from ._filler105 import Filler105 as Filler105
    from ._filler106 import Filler106 as Filler106
    from ._filler107 import Filler107 as Filler107
    from ._filler108 import Filler108 as Filler108
    from ._filler109 import Filler109 as Filler109
    from ._filler110 import Filler110 as Filler110
    from ._filler111 import Filler111 as Filler111
    from ._filler112 import Filler112 as Filler112
    from ._filler113 import Filler113 as Filler113
    from ._filler114 import Filler114 as Filler114
    from ._filler115 import Filler115 as Filler115
    from ._filler116 import Filler116 as Filler116
    from ._filler117 import Filler117 as Filler117
    from ._filler118 import Filler118 as Filler118
    from ._filler119 import Filler119 as Filler119
    from ._filler120 import Filler120 as Filler120
    from ._filler121 import Filler121 as Filler121
    from ._filler122 import Filler122 as Filler122
    from ._filler123 import Filler123 as Filler123
    from ._filler124 import Filler124 as Filler124
    from ._filler125 import Filler125 as Filler125
    from ._filler126 import Filler126 as Filler126
    from ._filler127 import Filler127 as Filler127
    from ._filler128 import Filler128 as Filler128
    from ._filler129 import Filler129 as Filler129
    from ._filler130 import Filler130 as Filler130
    from ._filler131 import Filler131 as Filler131
    from ._filler132 import Filler132 as Filler132
    from ._filler133 import Filler133 as Filler133
    from ._filler134 import Filler134 as Filler134
    from ._filler135 import Filler135 as Filler135
    from ._filler136 import Filler136 as Filler136
    from ._filler137 import Filler137 as Filler137
    from ._filler138 import Filler138 as Filler138
    from ._filler139 import Filler139 as Filler139
    from ._filler140 import Filler140 as Filler140
    from ._filler141 import Filler141 as Filler141
    from ._filler142 import Filler142 as Filler142
    from ._filler143 import Filler143 as Filler143
    from ._filler144 import Filler144 as Filler144
    from ._filler145 import Filler145 as Filler145
    from ._filler146 import Filler146 as Filler146
    from ._filler147 import Filler147 as Filler147
    from ._filler148 import Filler148 as Filler148
    from ._filler149 import Filler149 as Filler149
    from ._filler150 import Filler150 as Filler150
    from ._filler151 import Filler151 as Filler151
    from ._filler152 import Filler152 as Filler152
    from ._filler153 import Filler153 as Filler153
    from ._filler154 import Filler154 as Filler154
    from ._filler155 import Filler155 as Filler155
    from ._filler156 import Filler156 as Filler156
    from ._filler157 import Filler157 as Filler157
    from ._filler158 import Filler158 as Filler158
    from ._filler159 import Filler159 as Filler159
    from ._filler160 import Filler160 as Filler160
    from ._filler161 import Filler161 as Filler161
    from ._filler162 import Filler162 as Filler162
    from ._filler163 import Filler163 as Filler163
    from ._filler164 import Filler164 as Filler164
    from ._filler165 import Filler165 as Filler165
    from ._filler166 import Filler166 as Filler166
    from ._filler167 import Filler167 as Filler167
    from ._filler168 import Filler168 as Filler168
    from ._filler169 import Filler169 as Filler169
    from ._filler170 import Filler170 as Filler170
    from ._filler171 import Filler171 as Filler171
    from ._filler172 import Filler172 as Filler172
    from ._filler173 import Filler173 as Filler173
    from ._filler174 import Filler174 as Filler174
    from ._filler175 import Filler175 as Filler175
    from ._filler176 import Filler176 as Filler176
    from ._filler177 import Filler177 as Filler177
    from ._filler178 import Filler178 as Filler178
    from ._filler179 import Filler179 as Filler179
    from ._filler180 import Filler180 as Filler180
    from ._filler181 import Filler181 as Filler181
    from ._filler182 import Filler182 as Filler182
    from ._filler183 import Filler183 as Filler183
    from ._filler184 import Filler184 as Filler184
    from ._filler185 import Filler185 as Filler185
    from ._filler186 import Filler186 as Filler186
    from ._filler187 import Filler187 as Filler187
    from ._filler188 import Filler188 as Filler188
    from ._filler189 import Filler189 as Filler189
    from ._filler190 import Filler190 as Filler190
    from ._filler191 import Filler191 as Filler191
    from ._filler192 import Filler192 as Filler192
    from ._filler193 import Filler193 as Filler193
    from ._filler194 import Filler194 as Filler194
    from ._filler195 import Filler195 as Filler195
    from ._filler196 import Filler196 as Filler196
    from ._filler197 import Filler197 as Filler197
    from ._filler198 import Filler198 as Filler198
    from ._filler199 import Filler199 as Filler199
    from ._filler200 import Filler200 as Filler200
    from ._filler201 import Filler201 as Filler201
    from ._filler202 import Filler202 as Filler202
    from ._filler203 import Filler203 as Filler203
    from ._filler204 import Filler204 as Filler204
    from ._filler205 import Filler205 as Filler205
    from ._filler206 import Filler206 as Filler206
    from ._filler207 import Filler207 as Filler207
    from ._filler208 import Filler208 as Filler208
    from ._filler209 import Filler209 as Filler209
    from ._filler210 import Filler210 as Filler210
    from ._filler211 import Filler211 as Filler211
    from ._filler212 import Filler212 as Filler212
    from ._filler213 import Filler213 as Filler213
    from ._filler214 import Filler214 as Filler214
    from ._filler215 import Filler215 as Filler215
    from ._filler216 import Filler216 as Filler216
    from ._filler217 import Filler217 as Filler217
    from ._filler218 import Filler218 as Filler218
    from ._filler219 import Filler219 as Filler219
    from ._filler220 import Filler220 as Filler220
    from ._filler221 import Filler221 as Filler221
    from ._filler222 import Filler222 as Filler222
    from ._filler223 import Filler223 as Filler223
    from ._filler224 import Filler224 as Filler224
    from ._filler225 import Filler225 as Filler225
    from ._filler226 import Filler226 as Filler226
    from ._filler227 import Filler227 as Filler227
    from ._filler228 import Filler228 as Filler228
    from ._filler229 import Filler229 as Filler229
    from ._filler230 import Filler230 as Filler230
    from ._filler231 import Filler231 as Filler231
    from ._filler232 import Filler232 as Filler232
    from ._filler233 import Filler233 as Filler233
    from ._filler234 import Filler234 as Filler234
    from ._filler235 import Filler235 as Filler235
    from ._filler236 import Filler236 as Filler236
    from ._filler237 import Filler237 as Filler237
    from ._filler238 import Filler238 as Filler238
    from ._filler239 import Filler239 as Filler239
    from ._filler240 import Filler240 as Filler240
    from ._filler241 import Filler241 as Filler241
    from ._filler242 import Filler242 as Filler242
    from ._filler243 import Filler243 as Filler243
    from ._filler244 import Filler244 as Filler244
    from ._filler245 import Filler245 as Filler245
    from ._filler246 import Filler246 as Filler246
    from ._filler247 import Filler247 as Filler247
    from ._filler248 import Filler248 as Filler248
    from ._filler249 import Filler249 as Filler249
    from ._filler250 import Filler250 as Filler250
    from ._filler251 import Filler251 as Filler251
    from ._filler252 import Filler252 as Filler252
    from ._filler253 import Filler253 as Filler253
    from ._filler254 import Filler254 as Filler254
    from ._filler255 import Filler255 as Filler255
    from ._filler256 import Filler256 as Filler256
    from ._filler257 import Filler257 as Filler257
    from ._filler258 import Filler258 as Filler258
    from ._filler259 import Filler259 as Filler259
    from ._filler260 import Filler260 as Filler260
    from ._filler261 import Filler261 as Filler261
    from ._filler262 import Filler262 as Filler262
    from ._filler263 import Filler263 as Filler263
    from ._filler264 import Filler264 as Filler264
    from ._filler265 import Filler265 as Filler265
    from ._filler266 import Filler266 as Filler266
    from ._filler267 import Filler267 as Filler267
    from ._filler268 import Filler268 as Filler268
    from ._filler269 import Filler269 as Filler269
    from ._filler270 import Filler270 as Filler270
    from ._filler271 import Filler271 as Filler271
    from ._filler272 import Filler272 as Filler272
    from ._filler273 import Filler273 as Filler273
    from ._filler274 import Filler274 as Filler274
    from ._filler275 import Filler275 as Filler275
    from ._filler276 import Filler276 as Filler276
    from ._filler277 import Filler277 as Filler277
    from ._filler278 import Filler278 as Filler278
    from ._filler279 import Filler279 as Filler279
    from ._filler280 import Filler280 as Filler280
    from ._filler281 import Filler281 as Filler281
    from ._filler282 import Filler282 as Filler282
    from ._filler283 import Filler283 as Filler283
    from ._filler284 import Filler284 as Filler284
    from ._filler285 import Filler285 as Filler285
    from ._filler286 import Filler286 as Filler286
    from ._filler287 import Filler287 as Filler287
    from ._filler288 import Filler288 as Filler288
    from ._filler289 import Filler289 as Filler289
    from ._filler290 import Filler290 as Filler290
    from ._filler291 import Filler291 as Filler291
    from ._filler292 import Filler292 as Filler292
    from ._filler293 import Filler293 as Filler293
    from ._filler294 import Filler294 as Filler294
    from ._filler295 import Filler295 as Filler295
    from ._filler296 import Filler296 as Filler296
    from ._filler297 import Filler297 as Filler297
    from ._filler298 import Filler298 as Filler298
    from ._filler299 import Filler299 as Filler299
    from ._kind import Kind as Kind
    from ._labels import Labels as Labels
    from ._labels import LabelsLabelsAdditionalProperty as LabelsLabelsAdditionalProperty
    from ._node import Node as Node
    from ._tagged import Tagged as Tagged

__all__ = [
    "Base",
    "Derived",
    "Edge",
    "Filler0",
    "Filler1",
    "Filler10",
    "Filler100",
    "Filler101",
    "Filler102",
    "Filler103",
    "Filler104",
    "Filler105",
    "Filler106",
    "Filler107",
    "Filler108",
    "Filler109",
    "Filler11",
    "Filler110",
    "Filler111",
    "Filler112",
    "Filler113",
    "Filler114",
    "Filler115",
    "Filler116",
    "Filler117",
    "Filler118",
    "Filler119",
    "Filler12",
    "Filler120",
    "Filler121",
    "Filler122",
    "Filler123",
    "Filler124",
    "Filler125",
    "Filler126",
    "Filler127",
    "Filler128",
    "Filler129",
    "Filler13",
    "Filler130",
    "Filler131",
    "Filler132",
    "Filler133",
    "Filler134",
    "Filler135",
    "Filler136",
    "Filler137",
    "Filler138",
    "Filler139",
    "Filler14",
    "Filler140",
    "Filler141",
    "Filler142",
    "Filler143",
    "Filler144",
    "Filler145",
    "Filler146",
    "Filler147",
    "Filler148",
    "Filler149",
    "Filler15",
    "Filler150",
    "Filler151",
    "Filler152",
    "Filler153",
    "Filler154",
    "Filler155",
    "Filler156",
    "Filler157",
    "Filler158",
    "Filler159",
    "Filler16",
    "Filler160",
    "Filler161",
    "Filler162",
    "Filler163",
    "Filler164",
    "Filler165",
    "Filler166",
    "Filler167",
    "Filler168",
    "Filler169",
    "Filler17",
    "Filler170",
    "Filler171",
    "Filler172",
    "Filler173",
    "Filler174",
    "Filler175",
    "Filler176",
    "Filler177",
    "Filler178",
    "Filler179",
    "Filler18",
    "Filler180",
    "Filler181",
    "Filler182",
    "Filler183",
    "Filler184",
    "Filler185",
    "Filler186",
    "Filler187",
    "Filler188",
    "Filler189",
    "Filler19",
    "Filler190",
    "Filler191",
    "Filler192",
    "Filler193",
    "Filler194",
    "Filler195",
    "Filler196",
    "Filler197",
    "Filler198",
    "Filler199",
    "Filler2",
    "Filler20",
    "Filler200",
    "Filler201",
    "Filler202",
    "Filler203",
    "Filler204",
    "Filler205",
    "Filler206",
    "Filler207",
    "Filler208",
    "Filler209",
    "Filler21",
    "Filler210",
    "Filler211",
    "Filler212",
    "Filler213",
    "Filler214",
    "Filler215",
    "Filler216",
    "Filler217",
    "Filler218",
    "Filler219",
    "Filler22",
    "Filler220",
    "Filler221",
    "Filler222",
    "Filler223",
    "Filler224",
    "Filler225",
    "Filler226",
    "Filler227",
    "Filler228",
    "Filler229",
    "Filler23",
    "Filler230",
    "Filler231",
    "Filler232",
    "Filler233",
    "Filler234",
    "Filler235",
    "Filler236",
    "Filler237",
    "Filler238",
    "Filler239",
    "Filler24",
    "Filler240",
    "Filler241",
    "Filler242",
    "Filler243",
    "Filler244",
    "Filler245",
    "Filler246",
    "Filler247",
    "Filler248",
    "Filler249",
    "Filler25",
    "Filler250",
    "Filler251",
    "Filler252",
    "Filler253",
    "Filler254",
    "Filler255",
    "Filler256",
    "Filler257",
    "Filler258",
    "Filler259",
    "Filler26",
    "Filler260",
    "Filler261",
    "Filler262",
    "Filler263",
    "Filler264",
    "Filler265",
    "Filler266",
    "Filler267",
    "Filler268",
    "Filler269",
    "Filler27",
    "Filler270",
    "Filler271",
    "Filler272",
    "Filler273",
    "Filler274",
    "Filler275",
    "Filler276",
    "Filler277",
    "Filler278",
    "Filler279",
    "Filler28",
    "Filler280",
    "Filler281",
    "Filler282",
    "Filler283",
    "Filler284",
    "Filler285",
    "Filler286",
    "Filler287",
    "Filler288",
    "Filler289",
    "Filler29",
    "Filler290",
    "Filler291",
    "Filler292",
    "Filler293",
    "Filler294",
    "Filler295",
    "Filler296",
    "Filler297",
    "Filler298",
    "Filler299",
    "Filler3",
    "Filler30",
    "Filler31",
    "Filler32",
    "Filler33",
    "Filler34",
    "Filler35",
    "Filler36",
    "Filler37",
    "Filler38",
    "Filler39",
    "Filler4",
    "Filler40",
    "Filler41",
    "Filler42",
    "Filler43",
    "Filler44",
    "Filler45",
    "Filler46",
    "Filler47",
    "Filler48",
    "Filler49",
    "Filler5",
    "Filler50",
    "Filler51",
    "Filler52",
    "Filler53",
    "Filler54",
    "Filler55",
    "Filler56",
    "Filler57",
    "Filler58",
    "Filler59",
    "Filler6",
    "Filler60",
    "Filler61",
    "Filler62",
    "Filler63",
    "Filler64",
    "Filler65",
    "Filler66",
    "Filler67",
    "Filler68",
    "Filler69",
    "Filler7",
    "Filler70",
    "Filler71",
    "Filler72",
    "Filler73",
    "Filler74",
    "Filler75",
    "Filler76",
    "Filler77",
    "Filler78",
    "Filler79",
    "Filler8",
    "Filler80",
    "Filler81",
    "Filler82",
    "Filler83",
    "Filler84",
    "Filler85",
    "Filler86",
    "Filler87",
    "Filler88",
    "Filler89",
    "Filler9",
    "Filler90",
    "Filler91",
    "Filler92",
    "Filler93",
    "Filler94",
    "Filler95",
    "Filler96",
    "Filler97",
    "Filler98",
    "Filler99",
    "Kind",
    "Labels",
    "LabelsLabelsAdditionalProperty",
    "Node",
    "Tagged",
]

loader = ModelLoader(
    __name__,
    {
        "Kind": "_kind",
        "Tagged": "_tagged",
        "Base": "_base",
        "Derived": "_derived",
        "LabelsLabelsAdditionalProperty": "_labels",
        "Labels": "_labels",
        "Filler0": "_filler0",
        "Filler1": "_filler1",
        "Filler2": "_filler2",
        "Filler3": "_filler3",
        "Filler4": "_filler4",
        "Filler5": "_filler5",
        "Filler6": "_filler6",
        "Filler7": "_filler7",
        "Filler8": "_filler8",
        "Filler9": "_filler9",
        "Filler10": "_filler10",
        "Filler11": "_filler11",
        "Filler12": "_filler12",
        "Filler13": "_filler13",
        "Filler14": "_filler14",
        "Filler15": "_filler15",
        "Filler16": "_filler16",
        "Filler17": "_filler17",
        "Filler18": "_filler18",
        "Filler19": "_filler19",
        "Filler20": "_filler20",
        "Filler21": "_filler21",
        "Filler22": "_filler22",
        "Filler23": "_filler23",
        "Filler24": "_filler24",
        "Filler25": "_filler25",
        "Filler26": "_filler26",
        "Filler27": "_filler27",
        "Filler28": "_filler28",
        "Filler29": "_filler29",
        "Filler30": "_filler30",
        "Filler31": "_filler31",
        "Filler32": "_filler32",
        "Filler33": "_filler33",
        "Filler34": "_filler34",
        "Filler35": "_filler35",
        "Filler36": "_filler36",
        "Filler37": "_filler37",
        "Filler38": "_filler38",
        "Filler39": "_filler39",
        "Filler40": "_filler40",
        "Filler41": "_filler41",
        "Filler42": "_filler42",
        "Filler43": "_filler43",
        "Filler44": "_filler44",
        "Filler45": "_filler45",
        "Filler46": "_filler46",
        "Filler47": "_filler47",
        "Filler48": "_filler48",
        "Filler49": "_filler49",
        "Filler50": "_filler50",
        "Filler51": "_filler51",
        "Filler52": "_filler52",
        "Filler53": "_filler53",
        "Filler54": "_filler54",
        "Filler55": "_filler55",
        "Filler56": "_filler56",
        "Filler57": "_filler57",
        "Filler58": "_filler58",
        "Filler59": "_filler59",
        "Filler60": "_filler60",
        "Filler61": "_filler61",
        "Filler62": "_filler62",
        "Filler63": "_filler63",
        "Filler64": "_filler64",
        "Filler65": "_filler65",
        "Filler66": "_filler66",
        "Filler67": "_filler67",
        "Filler68": "_filler68",
        "Filler69": "_filler69",
        "Filler70": "_filler70",
        "Filler71": "_filler71",
        "Filler72": "_filler72",
        "Filler73": "_filler73",
        "Filler74": "_filler74",
        "Filler75": "_filler75",
        "Filler76": "_filler76",
        "Filler77": "_filler77",
        "Filler78": "_filler78",
        "Filler79": "_filler79",
        "Filler80": "_filler80",
        "Filler81": "_filler81",
        "Filler82": "_filler82",
        "Filler83": "_filler83",
        "Filler84": "_filler84",
        "Filler85": "_filler85",
        "Filler86": "_filler86",
        "Filler87": "_filler87",
        "Filler88": "_filler88",
        "Filler89": "_filler89",
        "Filler90": "_filler90",
        "Filler91": "_filler91",
        "Filler92": "_filler92",
        "Filler93": "_filler93",
        "Filler94": "_filler94",
        "Filler95": "_filler95",
        "Filler96": "_filler96",
        "Filler97": "_filler97",
        "Filler98": "_filler98",
        "Filler99": "_filler99",
        "Filler100": "_filler100",
        "Filler101": "_filler101",
        "Filler102": "_filler102",
        "Filler103": "_filler103",
        "Filler104": "_filler104",
        "Filler105": "_filler105",
        "Filler106": "_filler106",
        "Filler107": "_filler107",
        "Filler108": "_filler108",
        "Filler109": "_filler109",
        "Filler110": "_filler110",
        "Filler111": "_filler111",
        "Filler112": "_filler112",
        "Filler113": "_filler113",
        "Filler114": "_filler114",
        "Filler115": "_filler115",
        "Filler116": "_filler116",
        "Filler117": "_filler117",
        "Filler118": "_filler118",
        "Filler119": "_filler119",
        "Filler120": "_filler120",
        "Filler121": "_filler121",
        "Filler122": "_filler122",
        "Filler123": "_filler123",
        "Filler124": "_filler124",
        "Filler125": "_filler125",
        "Filler126": "_filler126",
        "Filler127": "_filler127",
        "Filler128": "_filler128",
        "Filler129": "_filler129",
        "Filler130": "_filler130",
        "Filler131": "_filler131",
        "Filler132": "_filler132",
        "Filler133": "_filler133",
        "Filler134": "_filler134",
        "Filler135": "_filler135",
        "Filler136": "_filler136",
        "Filler137": "_filler137",
        "Filler138": "_filler138",
        "Filler139": "_filler139",
        "Filler140": "_filler140",
        "Filler141": "_filler141",
        "Filler142": "_filler142",
        "Filler143": "_filler143",
        "Filler144": "_filler144",
        "Filler145": "_filler145",
        "Filler146": "_filler146",
        "Filler147": "_filler147",
        "Filler148": "_filler148",
        "Filler149": "_filler149",
        "Filler150": "_filler150",
        "Filler151": "_filler151",
        "Filler152": "_filler152",
        "Filler153": "_filler153",
        "Filler154": "_filler154",
        "Filler155": "_filler155",
        "Filler156": "_filler156",
        "Filler157": "_filler157",
        "Filler158": "_filler158",
        "Filler159": "_filler159",
        "Filler160": "_filler160",
        "Filler161": "_filler161",
        "Filler162": "_filler162",
        "Filler163": "_filler163",
        "Filler164": "_filler164",
        "Filler165": "_filler165",
        "Filler166": "_filler166",
        "Filler167": "_filler167",
        "Filler168": "_filler168",
        "Filler169": "_filler169",
        "Filler170": "_filler170",
        "Filler171": "_filler171",
        "Filler172": "_filler172",
        "Filler173": "_filler173",
        "Filler174": "_filler174",
        "Filler175": "_filler175",
        "Filler176": "_filler176",
        "Filler177": "_filler177",
        "Filler178": "_filler178",
        "Filler179": "_filler179",
        "Filler180": "_filler180",
        "Filler181": "_filler181",
        "Filler182": "_filler182",
        "Filler183": "_filler183",
        "Filler184": "_filler184",
        "Filler185": "_filler185",
        "Filler186": "_filler186",
        "Filler187": "_filler187",
        "Filler188": "_filler188",
        "Filler189": "_filler189",
        "Filler190": "_filler190",
        "Filler191": "_filler191",
        "Filler192": "_filler192",
        "Filler193": "_filler193",
        "Filler194": "_filler194",
        "Filler195": "_filler195",
        "Filler196": "_filler196",
        "Filler197": "_filler197",
        "Filler198": "_filler198",
        "Filler199": "_filler199",
        "Filler200": "_filler200",
        "Filler201": "_filler201",
        "Filler202": "_filler202",
        "Filler203": "_filler203",
        "Filler204": "_filler204",
        "Filler205": "_filler205",
        "Filler206": "_filler206",
        "Filler207": "_filler207",
        "Filler208": "_filler208",
        "Filler209": "_filler209",
        "Filler210": "_filler210",
        "Filler211": "_filler211",
        "Filler212": "_filler212",
        "Filler213": "_filler213",
        "Filler214": "_filler214",
        "Filler215": "_filler215",
        "Filler216": "_filler216",
        "Filler217": "_filler217",
        "Filler218": "_filler218",
        "Filler219": "_filler219",
        "Filler220": "_filler220",
        "Filler221": "_filler221",
        "Filler222": "_filler222",
        "Filler223": "_filler223",
        "Filler224": "_filler224",
        "Filler225": "_filler225",
        "Filler226": "_filler226",
        "Filler227": "_filler227",
        "Filler228": "_filler228",
        "Filler229": "_filler229",
        "Filler230": "_filler230",
        "Filler231": "_filler231",
        "Filler232": "_filler232",
        "Filler233": "_filler233",
        "Filler234": "_filler234",
        "Filler235": "_filler235",
        "Filler236": "_filler236",
        "Filler237": "_filler237",
        "Filler238": "_filler238",
        "Filler239": "_filler239",
        "Filler240": "_filler240",
        "Filler241": "_filler241",
        "Filler242": "_filler242",
        "Filler243": "_filler243",
        "Filler244": "_filler244",
        "Filler245": "_filler245",
        "Filler246": "_filler246",
        "Filler247": "_filler247",
        "Filler248": "_filler248",
        "Filler249": "_filler249",
        "Filler250": "_filler250",
        "Filler251": "_filler251",
        "Filler252": "_filler252",
        "Filler253": "_filler253",
        "Filler254": "_filler254",
        "Filler255": "_filler255",
        "Filler256": "_filler256",
        "Filler257": "_filler257",
        "Filler258": "_filler258",
        "Filler259": "_filler259",
        "Filler260": "_filler260",
        "Filler261": "_filler261",
        "Filler262": "_filler262",
        "Filler263": "_filler263",
        "Filler264": "_filler264",
        "Filler265": "_filler265",
        "Filler266": "_filler266",
        "Filler267": "_filler267",
        "Filler268": "_filler268",
        "Filler269": "_filler269",
        "Filler270": "_filler270",
        "Filler271": "_filler271",
        "Filler272": "_filler272",
        "Filler273": "_filler273",
        "Filler274": "_filler274",
        "Filler275": "_filler275",
        "Filler276": "_filler276",
        "Filler277": "_filler277",
        "Filler278": "_filler278",
        "Filler279": "_filler279",
        "Filler280": "_filler280",
        "Filler281": "_filler281",
        "Filler282": "_filler282",
        "Filler283": "_filler283",
        "Filler284": "_filler284",
        "Filler285": "_filler285",
        "Filler286": "_filler286",
        "Filler287": "_filler287",
        "Filler288": "_filler288",
        "Filler289": "_filler289",
        "Filler290": "_filler290",
        "Filler291": "_filler291",
        "Filler292": "_filler292",
        "Filler293": "_filler293",
        "Filler294": "_filler294",
        "Filler295": "_filler295",
        "Filler296": "_filler296",
        "Filler297": "_filler297",
        "Filler298": "_filler298",
        "Filler299": "_filler299",
        "Node": "_node",
        "Edge": "_edge",
    },
    {
        "_node": (
            "Edge",
            "Kind",
        ),
        "_edge": ("Node",),
    },
)


def __getattr__(name: str) -> object:
    return loader(name)


def __dir__() -> list[str]:
    return list(__all__)
