"""Name pools for demo data: original script and the Latin spellings officers actually write down.

Each entry is ``Latin|variant|variant=original``; the original is omitted for Latin-script pools.
Spelling variants (Mohamed / Muhammad / Mohammed) are deliberate: identity resolution must find them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Name:
    latin: tuple[str, ...]
    original: str = ""

    def spell(self, rng: random.Random) -> str:
        # The first spelling is the commonest; the others appear about a third of the time.
        return self.latin[0] if len(self.latin) == 1 or rng.random() < 0.65 else rng.choice(self.latin[1:])


def _parse(spec: str) -> tuple[Name, ...]:
    out = []
    for item in spec.split(";"):
        item = item.strip()
        if not item:
            continue
        latin, _, original = item.partition("=")
        out.append(Name(tuple(s.strip() for s in latin.split("|")), original.strip()))
    return tuple(out)


@dataclass(frozen=True)
class Pool:
    script: str  # ISO 15924 of the original names; "" when Latin only
    male: tuple[Name, ...]
    female: tuple[Name, ...]
    family: tuple[Name, ...]
    naming: str = (
        "family"  # family | patronymic (child's family name = father's given name) | hispanic | slavic
    )


ARABIC = Pool(
    "Arab",
    _parse(
        "Mohamed|Muhammad|Mohammed|Mohamad=محمد; Ahmed|Ahmad=أحمد; Mahmoud|Mahmud=محمود; Omar|Umar=عمر; Ali=علي;"
        "Hassan|Hasan=حسن; Hussein|Husayn|Hussain=حسين; Khaled|Khalid=خالد; Youssef|Yusuf|Yousef=يوسف;"
        "Ibrahim|Ebrahim=إبراهيم; Abdullah|Abdallah=عبد الله; Mustafa|Moustafa=مصطفى; Karim|Kareem=كريم;"
        "Tarek|Tariq=طارق; Samir|Sameer=سمير; Bilal=بلال; Hamza=حمزة; Yassin|Yasin=ياسين; Adel|Adil=عادل;"
        "Adam=آدم; Ishaq|Ishag=إسحاق; Osama|Usama=أسامة"
    ),
    _parse(
        "Fatima|Fatma|Fatimah=فاطمة; Aisha|Aicha|Ayesha=عائشة; Mariam|Maryam|Meriem=مريم; Amina|Aminah=أمينة;"
        "Khadija|Khadidja=خديجة; Zainab|Zeinab=زينب; Nour|Noor=نور; Layla|Leila=ليلى; Huda|Hoda=هدى;"
        "Rania=رانيا; Salma=سلمى; Yasmin|Yasmine=ياسمين; Asma|Asmaa=أسماء; Hanan=حنان"
    ),
    _parse(
        "Al-Hassan|Alhassan|El Hassan=الحسن; Haddad=حداد; Khalil|Khaleel=خليل; Mansour|Mansur=منصور;"
        "Saleh|Salih=صالح; Abdelrahman|Abdulrahman|Abdel Rahman=عبد الرحمن; Hamdan=حمدان;"
        "Othman|Osman|Uthman=عثمان; Qasim|Kassem|Qassem=قاسم; Nasser|Nasir=ناصر; Darwish|Darwich=درويش;"
        "Suleiman|Sulaiman|Soliman=سليمان; Bakri|Bakry=بكري; Awad=عوض; Ben Ali|Benali=بن علي;"
        "Trabelsi|Tarabulsi=الطرابلسي; Al-Masri|Elmasry|Al Masri=المصري"
    ),
)

SUDANESE = Pool("Arab", ARABIC.male, ARABIC.female, ARABIC.male, naming="patronymic")

PERSO_ARABIC = Pool(
    "Arab",
    _parse(
        "Mohammad|Mohammed|Muhammad=محمد; Ahmad|Ahmed=احمد; Alireza|Ali Reza=علیرضا; Mostafa|Mustafa=مصطفی;"
        "Hamid|Hameed=حمید; Farid|Fareed=فرید; Jawad|Javad=جواد; Navid|Naveed=نوید; Sohrab=سهراب;"
        "Zabiullah|Zabihullah=ذبیح الله; Shafiq|Shafeeq=شفیق; Rahmatullah|Rahmatollah=رحمت الله;"
        "Gulbuddin|Gul Buddin=گلبدین; Sayed|Sayyid|Said=سید"
    ),
    _parse(
        "Fatima|Fatemeh=فاطمه; Zahra|Zohra=زهرا; Maryam|Mariam=مریم; Shabnam=شبنم; Nilofar|Nilufar=نیلوفر;"
        "Parwana|Parvana=پروانه; Freshta|Fereshteh=فرشته; Malalai|Malalay=ملالی; Masooma|Masoumeh=معصومه;"
        "Sima|Seema=سیما"
    ),
    _parse(
        "Ahmadi|Ahmady=احمدی; Hussaini|Hosseini|Husseini=حسینی; Rahimi|Rahemi=رحیمی; Mohammadi|Muhammadi=محمدی;"
        "Popal=پوپل; Safi|Safee=صافی; Karimi|Kareemi=کریمی; Stanikzai|Stanekzai=ستانکزی; Noori|Nuri=نوری;"
        "Amiri|Ameeri=امیری; Sultani=سلطانی; Wardak|Wardag=وردک; Haidari|Heydari=حیدری"
    ),
)

TIGRINYA = Pool(
    "Ethi",
    _parse(
        "Tesfay|Tesfai|Tesfaye=ተስፋይ; Yonas|Yonass=ዮናስ; Habtom|Habtem=ሃብቶም; Goitom|Goytom=ጎይቶም;"
        "Mebrahtu|Mebrahtom=መብራህቱ; Filmon|Filimon=ፊልሞን; Mikael|Michael|Mikiel=ሚካኤል; Samuel|Samiel=ሳሙኤል;"
        "Berhane|Birhane|Berhan=ብርሃነ; Dawit|Daweet=ዳዊት; Kidane|Kidan=ኪዳነ; Tekle|Teklay=ተኽለ;"
        "Amanuel|Emmanuel=ኣማኑኤል; Robel|Rubel=ሩቤል"
    ),
    _parse(
        "Senait|Senayt=ሰናይት; Helen|Hellen=ሄለን; Selam|Salam=ሰላም; Lidya|Lydia=ሊድያ; Hiwet|Hiwot=ሕይወት;"
        "Mihret|Mehret=ምሕረት; Saba=ሳባ; Feven|Fevin=ፌቨን; Yordanos=ዮርዳኖስ; Eden=ኤደን; Winta|Wintana=ዊንታ"
    ),
    (),
    naming="patronymic",
)

AMHARIC = Pool(
    "Ethi",
    _parse(
        "Abebe|Abbebe=አበበ; Getachew|Getachewu=ጌታቸው; Tadesse|Tadese=ታደሰ; Bekele|Bekelle=በቀለ; Girma|Germa=ግርማ;"
        "Alemu|Alemmu=አለሙ; Mulugeta=ሙሉጌታ; Solomon|Selomon=ሰለሞን; Yohannes|Yohanes=ዮሐንስ; Tesfaye|Tesfaie=ተስፋዬ;"
        "Kebede|Kebbede=ከበደ; Ermias|Ermiyas=ኤርሚያስ"
    ),
    _parse(
        "Almaz|Almaze=አልማዝ; Tigist|Tigest=ትዕግስት; Meseret|Meserat=መሰረት; Hirut|Hiruth=ሂሩት; Genet|Ganet=ገነት;"
        "Betelhem|Bethlehem=ቤተልሔም; Aster|Astier=አስቴር; Selamawit|Selamawite=ሰላማዊት"
    ),
    (),
    naming="patronymic",
)

OROMO = Pool(
    "",
    _parse(
        "Gemechu|Gammachuu|Gemachu; Chala|Caalaa|Chaala; Lemma|Lammaa; Abdi|Abdii; Tolosa|Tolossa; Bona|Boonaa;"
        "Kedir|Kadir|Qadiir; Jemal|Jamal|Jamaal; Tamirat|Tamiru; Dereje|Darajjee"
    ),
    _parse(
        "Chaltu|Caaltuu; Obse|Obsee; Lensa|Lensaa; Ayantu|Ayaantuu; Meseret|Masarat; Sena|Senaa; Bontu|Bontuu"
    ),
    (),
    naming="patronymic",
)

SOMALI = Pool(
    "Latn",  # official Somali orthography as the original, anglicised spelling as the Latin name
    _parse(
        "Mohamed|Mohammed|Muhammad=Maxamed; Abdi|Abdy=Cabdi; Ahmed|Ahmad=Axmed; Hassan|Hasan=Xasan;"
        "Abdirahman|Abdulrahman=Cabdiraxmaan; Omar|Umar=Cumar; Ali|Aly=Cali; Yusuf|Yousuf=Yuusuf;"
        "Ismail|Ismael=Ismaaciil; Abdullahi|Abdulahi=Cabdullaahi"
    ),
    _parse(
        "Fadumo|Fatuma|Fatima=Faadumo; Hodan|Hodon=Hodan; Amina|Aamina=Aamina; Sahra|Sahara=Saxra;"
        "Halima|Halimo=Xaliimo; Asha|Aisha=Caasha; Ifrah|Ifra=Ifraax; Hawa|Hawo=Xaawo"
    ),
    (),
    naming="patronymic",
)

CYRILLIC = Pool(
    "Cyrl",
    _parse(
        "Aleksandr|Alexander|Aleksander=Александр; Dmitry|Dmitriy|Dmitrii=Дмитрий; Sergey|Sergei=Сергей;"
        "Andrey|Andrei=Андрей; Maksim|Maxim=Максим; Ivan=Иван; Artyom|Artem=Артём; Rustam=Рустам;"
        "Farrukh|Farrux|Farukh=Фаррух; Jamshed|Jamshid|Dzhamshed=Джамшед; Firdavs=Фирдавс; Timur=Тимур"
    ),
    _parse(
        "Yelena|Elena=Елена; Olga=Ольга; Natalya|Natalia=Наталья; Yekaterina|Ekaterina=Екатерина;"
        "Anastasiya|Anastasia=Анастасия; Tatyana|Tatiana=Татьяна; Zarina=Зарина; Dilnoza=Дилноза;"
        "Madina=Мадина; Nigina=Нигина"
    ),
    _parse(
        "Ivanov=Иванов; Smirnov=Смирнов; Kuznetsov|Kouznetsov=Кузнецов; Popov=Попов; Sokolov=Соколов;"
        "Volkov=Волков; Rahmonov|Rakhmonov=Рахмонов; Karimov=Каримов; Nazarov=Назаров; Saidov|Saydov=Саидов;"
        "Yusupov|Iusupov|Yusufov=Юсупов"
    ),
    naming="slavic",
)

CHINESE = Pool(
    "Hani",
    _parse(
        "Wei=伟; Jun=军; Hao=浩; Lei=磊; Yong=勇; Jie=杰; Tao=涛; Ming=明; Jianguo|Jian Guo|Chien-Kuo=建国;"
        "Zhiqiang|Zhi Qiang|Chih-Chiang=志强"
    ),
    _parse("Fang=芳; Li=丽; Jing=静; Min=敏; Yan=燕; Xiuying|Xiu Ying|Hsiu-Ying=秀英; Na=娜; Xia=霞"),
    _parse(
        "Wang|Wong=王; Li|Lee=李; Zhang|Chang|Cheung=张; Liu|Lau=刘; Chen|Chan=陈; Yang|Yeung=杨; Huang|Wong=黄;"
        "Zhao|Chao=赵; Wu|Ng=吴; Zhou|Chow=周; Lin|Lam=林"
    ),
)

HISPANIC = Pool(
    "",
    _parse(
        "José|Jose; Luis|Luís; Carlos; Juan Carlos|Juancarlos; Jesús|Jesus; Miguel Ángel|Miguel Angel; Andrés|Andres;"
        "Jhon|John|Jhonny; Yeferson|Jefferson|Yefferson; Wilmer|Wílmer; Daniel; Kevin|Kelvin; Darwin|Darwing"
    ),
    _parse(
        "María|Maria; Yuleisy|Yuleisi|Yuleysi; Daniela; Ana; Andreína|Andreina; Yésica|Yessica|Jessica;"
        "Génesis|Genesis; Carmen; Valentina; Luz Marina|Luzmarina; Yelitza|Yelitsa"
    ),
    _parse(
        "González|Gonzalez|Gonzáles; Rodríguez|Rodriguez; Pérez|Perez; Hernández|Hernandez; García|Garcia;"
        "Martínez|Martinez; Rojas; Ramírez|Ramirez; Díaz|Diaz; Mendoza; Castillo; Quispe|Quíspe; Vásquez|Vasquez|Velásquez"
    ),
    naming="hispanic",
)

HAITIAN = Pool(
    "",
    _parse(
        "Jean|Jan; Jean-Baptiste|Jean Baptiste; Frantz|Frantzy; Wilner|Wilnè; Jameson|Jamesson; Pierre|Pyè;"
        "Jean Robert|Jean-Robert; Kervens|Kerven; Widlin|Widline"
    ),
    _parse(
        "Marie|Mari; Nadège|Nadege; Rose-Marie|Rosemarie; Guerline|Gerline; Fabienne; Mirlande|Mirland; Roseline"
    ),
    _parse(
        "Joseph; Pierre; Jean-Louis|Jean Louis; Charles; Louis; Saint-Fleur|St. Fleur|Saintfleur; Dorvil|Dorvilus;"
        "Baptiste|Batiste; Desrosiers|Desrosier"
    ),
)

WEST_AFRICAN = Pool(
    "",
    _parse(
        "Mamadou|Mamadu; Moussa|Musa; Ibrahima|Ibrahim; Abdoulaye|Abdulai|Abdoulay; Ousmane|Usman|Osman; Alpha;"
        "Boubacar|Aboubacar|Bubacarr; Sekou|Sékou; Lamine|Lamin; Mohamed|Mohammed|Muhammad; Souleymane|Suleiman"
    ),
    _parse(
        "Fatoumata|Fatou|Fatumata; Aminata|Aminatou; Mariama|Mariam; Kadiatou|Kadiatu|Khadija;"
        "Aïssatou|Aissatou|Aisha; Hawa|Awa; Ramatoulaye|Ramatu"
    ),
    _parse(
        "Diallo|Jallow|Djallo; Bah|Ba; Barry|Bari; Camara|Kamara; Traoré|Traore; Keita|Keïta; Sow|Sowe;"
        "Touré|Toure|Ture; Coulibaly|Kulibali; Konaté|Konate; Sylla|Silla; Diop|Jobe; Ndiaye|N'Diaye; Koné|Kone"
    ),
)

BANGLADESHI = Pool(
    "",
    _parse(
        "Mohammad|Md.|Mohammed|Muhammad; Rahim|Raheem; Karim|Kareem; Hossain|Hussain|Hosen; Rakibul|Rakib;"
        "Shahidul|Shohidul; Jahid|Zahid; Sumon|Shumon; Alamgir|Alomgir; Nazmul|Nazmool"
    ),
    _parse("Nasrin|Nasreen; Rina|Reena; Shirin|Shireen; Taslima|Tasleema"),
    _parse(
        "Islam; Hossain|Hossen|Hussain; Rahman|Rahaman; Ahmed|Ahmad; Uddin|Uddeen; Miah|Mia; Sarker|Sarkar;"
        "Chowdhury|Choudhury|Chowdhuri"
    ),
)


def slavic_family(name: Name, female: bool) -> tuple[str, str]:
    """Feminine surname forms: Ivanov → Ivanova, Иванов → Иванова."""
    latin = name.latin[0]
    if female and latin.endswith(("ov", "ev", "in")):
        return latin + "a", name.original + "а"
    return latin, name.original
