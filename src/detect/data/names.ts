// Name dictionaries: family names of China (the most frequent ~400 single-character names after the
// Ministry of Public Security's 2019–2023 name reports, plus compound names from the Hundred Family
// Surnames, in simplified and traditional script), Japan (the most common ~200) and Korea (the
// most common ~100 by the 2015 census), and the given-name characters that never start a name in
// running Chinese text (function words). Data, not a full dictionary: names outside it are found
// through field names and context instead.

const CN_SINGLE =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由' +
  // traditional forms of the above where they differ
  '張劉陳楊黃趙吳孫馬鄭謝許韓馮鄧蕭葉蘇魏呂盧鍾譚陸賈韋鄒閻龍賀顧龔萬錢嚴溫齊喬龐顏聶莊魯歐蘭兪紀畢淩駱藍靳鮑滕饒薑廖賴簡游洪邱詹莊翁梁蔡曾彭潘羅高林何胡郭';
const CN_COMPOUND = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '令狐',
  '夏侯',
  '轩辕',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '百里',
  '呼延',
  '澹台',
  '万俟',
  '申屠',
  '公羊',
  '太史',
  '钟离',
  '赫连',
  '闻人',
  '拓跋',
  '第五',
  '淳于',
  '单于',
  '濮阳',
  '宗政',
  '司空',
  '仲孙',
  '梁丘',
  '左丘',
  '东郭',
  '南门',
  '羊舌',
  '微生',
  '公冶',
  '乐正',
  '漆雕',
  '谷梁',
  '巫马',
  '段干',
  '东门',
  '公西',
  '颛孙',
  '子车',
  '歐陽',
  '司馬',
  '諸葛',
  '長孫',
  '鍾離',
  '夏侯',
  '軒轅',
];

/** Chinese family names of one character. */
export const CN_SURNAMES: ReadonlySet<string> = new Set([...CN_SINGLE]);
/** Chinese family names of two characters. */
export const CN_COMPOUND_SURNAMES: ReadonlySet<string> = new Set(CN_COMPOUND);

// Characters that are function words or common nouns, not given names, when they follow a surname
// character in running text (`王者`, `高的`, `张开`...).
export const CN_NOT_GIVEN: ReadonlySet<string> = new Set([
  ...'的了是在我你他她它们这那个有和与就都也还要会能吗呢吧啊哦嗯么什怎样没不很太更最把被给让从到对向于以为因所如果但而且或及等之其此每各该本某几多少上下中里外前后左右东西南北号路街区市省县镇村楼室栋单元店铺公司商品订单电话手机地址快递包裹发货收货退款价格元块钱个件次天月年日时分秒',
]);

/** Japanese family names (kanji). */
export const JP_SURNAMES: ReadonlySet<string> = new Set(
  (
    '佐藤 鈴木 高橋 田中 伊藤 渡辺 渡邊 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 斉藤 清水 山崎 森 池田 ' +
    '橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本 福田 太田 西村 藤井 金子 岡本 ' +
    '藤原 中野 三浦 原田 中川 松田 竹内 小野 田村 中山 和田 石田 森田 上田 原 柴田 酒井 工藤 横山 宮崎 宮本 内田 高木 安藤 ' +
    '島田 谷口 大野 高田 丸山 今井 河野 藤本 村田 武田 上野 杉山 増田 小山 大塚 平野 菅原 久保 松井 千葉 岩崎 桜井 木下 ' +
    '野口 松尾 菊地 野村 新井 渡部 古谷 内山 佐野 杉本 大西 北村 五十嵐 市川 片山 中西 吉川 永井 福島 秋山 本田 西田 ' +
    '菅野 松岡 岡崎 山内 水野 中田 荒木 小島 平田 原 星野 浅野 大久保 松下 小松 飯田 沢田 吉村 服部 関 桑原 上原 ' +
    '川口 辻 樋口 川村 堀 望月 矢野 岩田 高野 菊池 千田 小池 馬場 宮田 大橋 横田 岩本 須藤 黒田 堤 今村 宇野 久保田 ' +
    '石原 小西 森本 西川 関口 松村 足立 安田 富田 川上 大石 中尾 田口 吉岡 土屋 平井 青山 早川 内藤 荒井 小田 北川 ' +
    '宮下 熊谷 坂口 堀内 奥村 土井 原口 大川 藤川 田辺 松浦 岡村 根本 竹田 中井 宮川 高山 稲葉 白石 奥田 川崎 西山 ' +
    '畑 福井 吉野 本間 桑田 川島 浅井 大谷 杉浦 堀田 木内 栗原 小笠原'
  ).split(' '),
);

/** Korean family names (Hangul). */
export const KR_SURNAMES: ReadonlySet<string> = new Set([
  ...'김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄변채원천방공현함염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감호',
  '제갈',
  '남궁',
  '황보',
  '선우',
  '독고',
  '사공',
  '서문',
]);
