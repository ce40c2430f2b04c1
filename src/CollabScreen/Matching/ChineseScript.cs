namespace CollabScreen.Matching;

/// <summary>
/// CJK detection and traditional → simplified folding for the characters that occur in institution names, so
/// 國防科技大學 meets 国防科技大学 even where the registry gives only one form.
/// </summary>
public static class ChineseScript
{
    // Pairs (traditional, simplified), characters common in Chinese, Hong Kong and Taiwanese institution names.
    private const string Traditional = "國學們華東電機漢陽濱爾廣門灣臺軍醫農業師範藝術體實驗際長遼寧蘇復廈開鄭鐵郵聯氣產礦質屬溫黃圖書館韓飛為與環資訊網絡計數傳經濟財貿協會衛總陸艦彈裝備種輕紡織齊魯閩贛隴滬瀋連慶雲龍島線導腦軟發區縣處廳設測繪東語運動場車輛葉訓練學習專護藥療衝擊兵團師範輪機試驗設計製造處廣播電視臺灣醫學院腫瘤兒童婦幼僑園藝蠶絲漁業氣象機構組織檢驗檢疫質監標準認證鑒識鑑證據畫圖資源環境動態營養應用衛生總醫院遙感測繪";
    private const string Simplified = "国学们华东电机汉阳滨尔广门湾台军医农业师范艺术体实验际长辽宁苏复厦开郑铁邮联气产矿质属温黄图书馆韩飞为与环资讯网络计数传经济财贸协会卫总陆舰弹装备种轻纺织齐鲁闽赣陇沪沈连庆云龙岛线导脑软发区县处厅设测绘东语运动场车辆叶训练学习专护药疗冲击兵团师范轮机试验设计制造处广播电视台湾医学院肿瘤儿童妇幼侨园艺蚕丝渔业气象机构组织检验检疫质监标准认证鉴识鉴证据画图资源环境动态营养应用卫生总医院遥感测绘";

    private static readonly Dictionary<char, char> ToSimple = Build();

    private static Dictionary<char, char> Build()
    {
        if (Traditional.Length != Simplified.Length) throw new InvalidOperationException("traditional/simplified tables differ in length");
        var map = new Dictionary<char, char>();
        for (var i = 0; i < Traditional.Length; i++)
            if (Traditional[i] != Simplified[i]) map[Traditional[i]] = Simplified[i];
        return map;
    }

    public static bool IsCjk(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF'
            or >= '\u3040' and <= '\u30FF';

    public static char ToSimplified(char c) => ToSimple.TryGetValue(c, out var s) ? s : c;
}
