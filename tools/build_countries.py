"""Generate ``src/tacitus/data/actors/countries.yaml`` from pycountry and the tables below.

Run ``.venv/bin/python tools/build_countries.py`` after editing a table. pycountry (LGPL data
from Debian's iso-codes) gives every ISO 3166-1 country and territory with its alpha-3 and
alpha-2 codes and its official name; the tables add what news text needs: informal names,
demonyms, capitals, seats of power, the main cities and provinces. Those facts are public
knowledge, checked against Wikipedia's "List of countries and dependencies and their capitals",
"List of adjectival and demonymic forms for countries and nations" and the countries' articles.

Table lines: ``CODE | name | other names | demonyms | capitals | cities | seats | areas``.
Items are separated by ``, ``; spellings of one place by `` / `` ("Kyiv / Kiev", the first is
the canonical name); a seat takes ``=SECTOR`` (default GOV) and ``@City`` (default: the first
capital). Trailing empty fields may be left out.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pycountry
import yaml

OUT = Path(__file__).resolve().parents[1] / "src" / "tacitus" / "data" / "actors" / "countries.yaml"

# Codes that are not (or not only) ISO 3166-1 alpha-3. Kosovo has no ISO code: XKX is the
# user-assigned code the EU and the World Bank use (CAMEO/Phoenix: KSV). Old CAMEO codes seen
# in CAMEO-era data are kept as alt_codes so that `Knowledge.country("JAP")` finds Japan.
EXTRA_COUNTRIES = {"XKX": ("XK", "Kosovo", "Republic of Kosovo")}
ALT_CODES = {
    "JPN": ["JAP"],
    "ITA": ["ITL"],
    "VNM": ["VTN"],
    "ROU": ["ROM"],
    "PSE": ["PAL"],
    "XKX": ["KSV"],
    "TLS": ["TMP"],
    "COD": ["ZAR"],
    "DEU": ["GER"],
    "PRT": ["POR"],
}

# Names from pycountry that no news text uses (inverted "Korea, Republic of" forms are dropped
# automatically: they hold a comma).
SKIP_NAMES = {"Holy See (Vatican City State)", "Falkland Islands (Malvinas)", "Cocos (Keeling) Islands"}

COUNTRIES = r"""
AFG | Afghanistan | Islamic Emirate of Afghanistan | Afghan, Afghans, Afghani | Kabul | Kandahar, Herat, Mazar-i-Sharif / Mazar-e-Sharif, Jalalabad, Kunduz, Bagram | | Helmand, Panjshir, Nangarhar
ALB | Albania | | Albanian, Albanians | Tirana / Tirane | Durres, Vlore, Shkoder
DZA | Algeria | | Algerian, Algerians | Algiers | Oran, Constantine, Annaba
AND | Andorra | | Andorran, Andorrans | Andorra la Vella
AGO | Angola | | Angolan, Angolans | Luanda | Huambo, Lobito, Benguela, Cabinda
ATG | Antigua and Barbuda | Antigua | Antiguan, Antiguans | Saint John's / St. John's
ARG | Argentina | the Argentine Republic | Argentine, Argentines, Argentinian, Argentinians | Buenos Aires | Cordoba / Córdoba, Rosario, Mendoza, La Plata, Mar del Plata | Casa Rosada | Patagonia
ARM | Armenia | | Armenian, Armenians | Yerevan | Gyumri, Vanadzor
AUS | Australia | Commonwealth of Australia | Australian, Australians, Aussie, Aussies | Canberra | Sydney, Melbourne, Brisbane, Perth, Adelaide, Darwin, Hobart | | Queensland, New South Wales, Tasmania, Western Australia
AUT | Austria | | Austrian, Austrians | Vienna / Wien | Graz, Linz, Salzburg, Innsbruck | Hofburg, Ballhausplatz
AZE | Azerbaijan | | Azerbaijani, Azerbaijanis, Azeri, Azeris | Baku | Ganja, Sumgait, Shusha, Nakhchivan | | Nagorno-Karabakh / Karabakh
BHS | Bahamas | the Bahamas | Bahamian, Bahamians | Nassau
BHR | Bahrain | | Bahraini, Bahrainis | Manama | Muharraq, Riffa
BGD | Bangladesh | | Bangladeshi, Bangladeshis | Dhaka / Dacca | Chittagong / Chattogram, Khulna, Sylhet, Rajshahi, Cox's Bazar
BRB | Barbados | | Barbadian, Barbadians, Bajan, Bajans | Bridgetown
BLR | Belarus | Byelorussia, Belorussia | Belarusian, Belarusians, Belarussian, Belorussian | Minsk | Gomel / Homel, Brest, Grodno / Hrodna, Vitebsk, Mogilev
BEL | Belgium | | Belgian, Belgians | Brussels / Bruxelles | Antwerp, Ghent, Liege / Liège, Bruges, Charleroi | | Flanders, Wallonia
BLZ | Belize | | Belizean, Belizeans | Belmopan | Belize City
BEN | Benin | Dahomey | Beninese, Beninois | Porto-Novo, Cotonou | Parakou, Abomey
BTN | Bhutan | | Bhutanese | Thimphu | Paro
BOL | Bolivia | | Bolivian, Bolivians | La Paz, Sucre | Santa Cruz de la Sierra / Santa Cruz, Cochabamba, El Alto | Palacio Quemado
BIH | Bosnia and Herzegovina | Bosnia, Bosnia-Herzegovina, Bosnia & Herzegovina | Bosnian, Bosnians, Bosniak, Bosniaks | Sarajevo | Banja Luka, Mostar, Tuzla, Srebrenica, Zenica | | Republika Srpska
BWA | Botswana | | Botswanan, Motswana, Batswana | Gaborone | Francistown
BRA | Brazil | | Brazilian, Brazilians | Brasilia / Brasília | Sao Paulo / São Paulo, Rio de Janeiro / Rio, Salvador, Fortaleza, Belo Horizonte, Manaus, Recife, Porto Alegre, Curitiba | Planalto, Planalto Palace, Itamaraty=GOV | Amazonas, Roraima, Bahia
BRN | Brunei | Brunei Darussalam | Bruneian, Bruneians | Bandar Seri Begawan
BGR | Bulgaria | | Bulgarian, Bulgarians | Sofia | Plovdiv, Varna, Burgas
BFA | Burkina Faso | Upper Volta | Burkinabe, Burkinabè | Ouagadougou | Bobo-Dioulasso, Djibo
BDI | Burundi | | Burundian, Burundians | Gitega, Bujumbura
KHM | Cambodia | Kampuchea | Cambodian, Cambodians, Khmer | Phnom Penh | Siem Reap, Battambang, Sihanoukville
CMR | Cameroon | | Cameroonian, Cameroonians | Yaounde / Yaoundé | Douala, Bamenda, Garoua, Maroua
CAN | Canada | | Canadian, Canadians | Ottawa | Toronto, Montreal / Montréal, Vancouver, Calgary, Edmonton, Quebec City, Winnipeg, Halifax | Parliament Hill=LEG, Rideau Hall | Quebec / Québec, Ontario, British Columbia, Alberta
CPV | Cape Verde | Cabo Verde | Cape Verdean, Cape Verdeans | Praia | Mindelo
CAF | Central African Republic | CAR, Centrafrique | Central African, Central Africans | Bangui | Bambari, Berberati, Bria
TCD | Chad | | Chadian, Chadians | N'Djamena / Ndjamena | Moundou, Abeche / Abéché
CHL | Chile | | Chilean, Chileans | Santiago | Valparaiso / Valparaíso, Concepcion / Concepción, Antofagasta, Vina del Mar | La Moneda
CHN | China | PRC, P.R.C., mainland China, People's Republic | Chinese | Beijing / Peking | Shanghai, Guangzhou / Canton, Shenzhen, Wuhan, Chengdu, Chongqing, Tianjin, Nanjing, Xi'an, Hangzhou, Urumqi, Lhasa | Zhongnanhai, Great Hall of the People | Xinjiang, Tibet, Inner Mongolia, Guangdong, Sichuan, Hubei, Yunnan, Fujian
COL | Colombia | | Colombian, Colombians | Bogota / Bogotá | Medellin / Medellín, Cali, Barranquilla, Cartagena, Cucuta / Cúcuta, Bucaramanga | Casa de Narino / Casa de Nariño
COM | Comoros | the Comoros | Comorian, Comorians | Moroni
COD | Democratic Republic of the Congo | Democratic Republic of Congo, DR Congo, D.R. Congo, DRC, D.R.C., Congo-Kinshasa, Zaire | Congolese | Kinshasa | Lubumbashi, Goma, Bukavu, Kisangani, Mbuji-Mayi, Beni, Bunia, Kananga | | North Kivu, South Kivu, Ituri, Katanga, Kasai
COG | Republic of the Congo | Republic of Congo, Congo-Brazzaville, Congo Republic, Congo | Congolese | Brazzaville | Pointe-Noire, Dolisie
CRI | Costa Rica | | Costa Rican, Costa Ricans | San Jose / San José | Limon / Limón, Alajuela
CIV | Ivory Coast | Côte d'Ivoire, Cote d'Ivoire, Cote dIvoire | Ivorian, Ivorians | Yamoussoukro, Abidjan | Bouake / Bouaké, San Pedro, Korhogo
HRV | Croatia | | Croatian, Croatians, Croat, Croats | Zagreb | Rijeka, Osijek, Dubrovnik, Zadar | Banski Dvori
CUB | Cuba | | Cuban, Cubans | Havana / La Habana | Santiago de Cuba, Camaguey / Camagüey, Holguin, Guantanamo / Guantánamo | Palace of the Revolution
CYP | Cyprus | | Cypriot, Cypriots, Greek Cypriot, Greek Cypriots | Nicosia | Limassol, Larnaca, Paphos, Famagusta, Kyrenia | | Northern Cyprus
CZE | Czech Republic | Czechia | Czech, Czechs | Prague / Praha | Brno, Ostrava, Plzen / Pilsen | Prague Castle
DNK | Denmark | | Danish, Dane, Danes | Copenhagen | Aarhus, Odense, Aalborg | Christiansborg, Christiansborg Palace
DJI | Djibouti | | Djiboutian, Djiboutians | Djibouti City
DMA | Dominica | Commonwealth of Dominica | | Roseau
DOM | Dominican Republic | | Dominican, Dominicans | Santo Domingo | Santiago de los Caballeros, Puerto Plata, Punta Cana
ECU | Ecuador | | Ecuadorian, Ecuadorians, Ecuadorean, Ecuadoreans | Quito | Guayaquil, Cuenca, Manta | Carondelet Palace
EGY | Egypt | | Egyptian, Egyptians | Cairo | Alexandria, Giza, Port Said, Suez, Luxor, Aswan, Ismailia, Sharm el-Sheikh, El Arish / al-Arish, Rafah crossing | Ittihadiya Palace / Heliopolis Palace | Sinai, North Sinai, Upper Egypt
SLV | El Salvador | | Salvadoran, Salvadorans, Salvadorean, Salvadoreans | San Salvador | Santa Ana, San Miguel
GNQ | Equatorial Guinea | | Equatorial Guinean, Equatorial Guineans, Equatoguinean, Equatoguineans | Malabo, Ciudad de la Paz | Bata
ERI | Eritrea | | Eritrean, Eritreans | Asmara | Massawa, Assab
EST | Estonia | | Estonian, Estonians | Tallinn | Tartu, Narva, Parnu / Pärnu | Toompea=LEG
SWZ | Eswatini | Swaziland, Kingdom of Swaziland | Swazi, Swazis, Liswati, Emaswati | Mbabane, Lobamba | Manzini
ETH | Ethiopia | Abyssinia | Ethiopian, Ethiopians | Addis Ababa | Dire Dawa, Mekelle / Mekele, Gondar, Bahir Dar, Hawassa, Adama | | Tigray, Amhara, Oromia, Afar, Ogaden
FJI | Fiji | | Fijian, Fijians | Suva | Nadi, Lautoka
FIN | Finland | Suomi | Finnish, Finns, Finlander | Helsinki | Espoo, Tampere, Turku, Oulu | Eduskunta=LEG
FRA | France | | French, Frenchman, Frenchmen, Frenchwoman | Paris | Marseille / Marseilles, Lyon / Lyons, Toulouse, Strasbourg, Bordeaux, Lille, Nantes, Montpellier, Calais | the Elysee / the Élysée / the Elysee Palace / the Élysée Palace / Elysee Palace, Matignon / Hotel Matignon, the Quai d'Orsay, Bercy, Hotel de Brienne | Corsica, Brittany, Normandy, Alsace, Provence
GAB | Gabon | | Gabonese | Libreville | Port-Gentil, Franceville
GMB | Gambia | the Gambia | Gambian, Gambians | Banjul | Serekunda
GEO | Georgia | Sakartvelo | Georgian, Georgians | Tbilisi / Tiflis | Batumi, Kutaisi, Rustavi, Gori | | Abkhazia, South Ossetia, Adjara
DEU | Germany | Deutschland, Federal Republic, West Germany | German, Germans | Berlin | Munich / München, Hamburg, Frankfurt, Cologne / Köln, Stuttgart, Dusseldorf / Düsseldorf, Leipzig, Dresden, Bonn, Hanover, Nuremberg, Ramstein | the Chancellery, the Bundestag=LEG, the Bundesrat=LEG, Bendlerblock, Bellevue Palace | Bavaria, Saxony, Thuringia, Brandenburg, North Rhine-Westphalia
GHA | Ghana | Gold Coast | Ghanaian, Ghanaians | Accra | Kumasi, Tamale, Takoradi, Cape Coast | Jubilee House
GRC | Greece | Hellas, Hellenic Republic | Greek, Greeks, Hellenic | Athens | Thessaloniki, Patras, Piraeus, Heraklion, Lesbos / Lesvos, Larissa | Maximos Mansion | Crete, Thrace
GRD | Grenada | | Grenadian, Grenadians | Saint George's / St. George's
GTM | Guatemala | | Guatemalan, Guatemalans | Guatemala City | Quetzaltenango, Escuintla
GIN | Guinea | Guinea-Conakry | Guinean, Guineans | Conakry | Nzerekore, Kankan, Kindia
GNB | Guinea-Bissau | | Bissau-Guinean, Bissau-Guineans | Bissau
GUY | Guyana | | Guyanese | Georgetown | Linden | | Essequibo
HTI | Haiti | | Haitian, Haitians | Port-au-Prince | Cap-Haitien / Cap-Haïtien, Gonaives / Gonaïves, Les Cayes, Jacmel
HND | Honduras | | Honduran, Hondurans | Tegucigalpa | San Pedro Sula, La Ceiba
HUN | Hungary | Magyarorszag | Hungarian, Hungarians, Magyar, Magyars | Budapest | Debrecen, Szeged, Miskolc, Pecs / Pécs | Sandor Palace / Sándor Palace, Carmelite Monastery / Karmelita
ISL | Iceland | | Icelandic, Icelander, Icelanders | Reykjavik / Reykjavík | Akureyri | Althing=LEG / Althingi=LEG
IND | India | Bharat, Republic of India | Indian, Indians | New Delhi / Delhi | Mumbai / Bombay, Kolkata / Calcutta, Chennai / Madras, Bengaluru / Bangalore, Hyderabad, Ahmedabad, Pune, Srinagar, Amritsar, Lucknow, Jaipur | South Block, Raisina Hill, Rashtrapati Bhavan | Kashmir, Jammu and Kashmir, Ladakh, Punjab, Uttar Pradesh, Gujarat, Maharashtra, Kerala, Tamil Nadu, West Bengal, Manipur, Assam, Bihar
IDN | Indonesia | | Indonesian, Indonesians | Jakarta, Nusantara | Surabaya, Bandung, Medan, Semarang, Makassar, Yogyakarta, Denpasar, Banda Aceh | Merdeka Palace | Java, Sumatra, Bali, Aceh, Papua, West Papua, Borneo, Kalimantan, Sulawesi
IRN | Iran | Islamic Republic of Iran, Persia, Islamic Republic | Iranian, Iranians | Tehran / Teheran | Mashhad, Isfahan / Esfahan, Tabriz, Shiraz, Qom, Ahvaz, Kermanshah, Bandar Abbas, Natanz, Fordow, Bushehr | | Khuzestan, Sistan and Baluchestan, Kurdistan province
IRQ | Iraq | | Iraqi, Iraqis | Baghdad | Basra / Basrah, Mosul, Erbil / Irbil, Kirkuk, Najaf, Karbala, Fallujah / Falluja, Ramadi, Sulaymaniyah, Tikrit, Samarra | the Green Zone | Kurdistan, Iraqi Kurdistan, Kurdistan Region, Anbar, Nineveh, Sinjar
IRL | Ireland | Republic of Ireland, Eire, Éire | Irish, Irishman, Irishmen | Dublin | Cork, Limerick, Galway, Waterford | Leinster House=LEG, the Dail=LEG / the Dáil=LEG, Aras an Uachtarain / Áras an Uachtaráin
ISR | Israel | State of Israel | Israeli, Israelis | Jerusalem | Tel Aviv, Haifa, Beersheba / Beer Sheva / Be'er Sheva, Eilat, Ashdod, Ashkelon, Netanya, Rishon LeZion / Rishon Lezion, Petah Tikva, Sderot, Nazareth, Herzliya | the Knesset=LEG, the Kirya=MIL, Balfour Street | Negev, Galilee
ITA | Italy | Italia | Italian, Italians | Rome / Roma | Milan / Milano, Naples / Napoli, Turin / Torino, Palermo, Genoa / Genova, Florence / Firenze, Bologna, Venice / Venezia, Bari, Lampedusa | Palazzo Chigi, the Quirinale / the Quirinal / Quirinale Palace, Farnesina, Montecitorio=LEG, Palazzo Madama=LEG | Sicily, Sardinia, Lombardy, Calabria, Tuscany
JAM | Jamaica | | Jamaican, Jamaicans | Kingston | Montego Bay, Spanish Town
JPN | Japan | Nippon, Nihon | Japanese | Tokyo | Osaka, Yokohama, Nagoya, Kyoto, Kobe, Sapporo, Fukuoka, Hiroshima, Nagasaki, Okinawa / Naha, Fukushima | the Kantei, Kasumigaseki, the Diet=LEG | Hokkaido, Okinawa prefecture
JOR | Jordan | Hashemite Kingdom, Hashemite Kingdom of Jordan | Jordanian, Jordanians | Amman | Zarqa, Irbid, Aqaba, Mafraq, Zaatari
KAZ | Kazakhstan | | Kazakh, Kazakhs, Kazakhstani, Kazakhstanis | Astana / Nur-Sultan / Akmola | Almaty / Alma-Ata, Shymkent, Karaganda, Aktobe, Baikonur | Akorda
KEN | Kenya | | Kenyan, Kenyans | Nairobi | Mombasa, Kisumu, Nakuru, Eldoret, Garissa, Lamu
KIR | Kiribati | | I-Kiribati | Tarawa / South Tarawa
PRK | North Korea | DPRK, D.P.R.K., Democratic People's Republic of Korea, Democratic People's Republic, N. Korea, Pyongyang regime | North Korean, North Koreans | Pyongyang | Kaesong, Hamhung, Chongjin, Nampo, Wonsan, Yongbyon, Sinuiju
KOR | South Korea | Republic of Korea, ROK, R.O.K., S. Korea, Korea | South Korean, South Koreans, Korean, Koreans | Seoul | Busan / Pusan, Incheon / Inchon, Daegu, Daejeon, Gwangju, Ulsan, Panmunjom | the Blue House / Cheong Wa Dae | Jeju
XKX | Kosovo | Republic of Kosovo | Kosovar, Kosovars, Kosovan, Kosovans, Kosovo Albanian, Kosovo Albanians | Pristina / Prishtina | Prizren, Mitrovica, Peja / Pec, Gjakova, Ferizaj
KWT | Kuwait | | Kuwaiti, Kuwaitis | Kuwait City | Jahra, Ahmadi | Seif Palace, Bayan Palace
KGZ | Kyrgyzstan | Kyrgyz Republic, Kirghizia, Kirgizia | Kyrgyz, Kyrgyzstani, Kirghiz | Bishkek | Osh, Jalal-Abad, Karakol
LAO | Laos | Lao PDR | Lao, Laotian, Laotians | Vientiane | Luang Prabang, Savannakhet, Pakse
LVA | Latvia | | Latvian, Latvians, Lett, Letts | Riga | Daugavpils, Liepaja, Jelgava | the Saeima=LEG
LBN | Lebanon | | Lebanese | Beirut | Tripoli, Sidon / Saida, Tyre / Sour, Baalbek, Nabatieh, Byblos, Zahle, Jounieh | Baabda, Baabda Palace, the Grand Serail, the Serail | Bekaa, Bekaa Valley, South Lebanon
LSO | Lesotho | | Basotho, Mosotho, Lesothan | Maseru
LBR | Liberia | | Liberian, Liberians | Monrovia | Buchanan, Gbarnga
LBY | Libya | | Libyan, Libyans | Tripoli | Benghazi, Misrata / Misurata, Tobruk, Sirte, Derna, Sabha, Zawiya | | Cyrenaica, Tripolitania, Fezzan
LIE | Liechtenstein | | Liechtensteiner, Liechtensteiners | Vaduz
LTU | Lithuania | | Lithuanian, Lithuanians | Vilnius | Kaunas, Klaipeda / Klaipėda, Siauliai | the Seimas=LEG
LUX | Luxembourg | Grand Duchy | Luxembourger, Luxembourgers, Luxembourgish | Luxembourg City
MDG | Madagascar | | Malagasy, Madagascan | Antananarivo / Tananarive | Toamasina, Antsirabe, Mahajanga
MWI | Malawi | Nyasaland | Malawian, Malawians | Lilongwe | Blantyre, Mzuzu, Zomba
MYS | Malaysia | | Malaysian, Malaysians | Kuala Lumpur, Putrajaya | George Town, Johor Bahru, Ipoh, Kota Kinabalu, Kuching, Malacca | Istana Negara | Sabah, Sarawak, Penang, Johor
MDV | Maldives | the Maldives | Maldivian, Maldivians | Male / Malé | Addu
MLI | Mali | | Malian, Malians | Bamako | Timbuktu, Gao, Kidal, Mopti, Segou / Ségou, Sikasso, Menaka / Ménaka | Koulouba, Koulouba Palace | Azawad
MLT | Malta | | Maltese | Valletta | Birkirkara, Mdina, Sliema | Auberge de Castille | Gozo
MHL | Marshall Islands | | Marshallese | Majuro | Ebeye, Kwajalein
MRT | Mauritania | | Mauritanian, Mauritanians | Nouakchott | Nouadhibou
MUS | Mauritius | | Mauritian, Mauritians | Port Louis | Curepipe | | Chagos Islands / Chagos
MEX | Mexico | | Mexican, Mexicans | Mexico City | Guadalajara, Monterrey, Tijuana, Puebla, Ciudad Juarez / Ciudad Juárez / Juarez / Juárez, Cancun / Cancún, Acapulco, Culiacan / Culiacán, Leon / León, Merida / Mérida | Los Pinos | Sinaloa, Chihuahua, Jalisco, Michoacan / Michoacán, Guerrero, Tamaulipas, Sonora, Chiapas, Oaxaca, Baja California
FSM | Micronesia | Federated States of Micronesia | Micronesian, Micronesians | Palikir | Weno, Kolonia
MDA | Moldova | Moldavia | Moldovan, Moldovans | Chisinau / Chișinău / Kishinev | Tiraspol, Balti / Bălți, Comrat | | Transnistria / Trans-Dniester, Gagauzia
MCO | Monaco | | Monegasque, Monegasques, Monacan | Monaco | Monte Carlo
MNG | Mongolia | Outer Mongolia | Mongolian, Mongolians, Mongol, Mongols | Ulaanbaatar / Ulan Bator | Erdenet, Darkhan
MNE | Montenegro | | Montenegrin, Montenegrins | Podgorica | Niksic / Nikšić, Herceg Novi, Budva, Cetinje
MAR | Morocco | | Moroccan, Moroccans | Rabat | Casablanca, Marrakesh / Marrakech, Fez / Fes, Tangier / Tangiers, Agadir, Meknes, Oujda, Laayoune / Laâyoune | the Makhzen
MOZ | Mozambique | | Mozambican, Mozambicans | Maputo | Beira, Nampula, Pemba, Palma, Quelimane | | Cabo Delgado
MMR | Myanmar | Burma | Burmese, Myanmar | Naypyidaw / Naypyitaw / Nay Pyi Taw | Yangon / Rangoon, Mandalay, Sittwe, Myitkyina, Bago / Pegu | | Rakhine, Shan State, Kachin, Karen State, Kayin, Chin State, Sagaing
NAM | Namibia | South West Africa | Namibian, Namibians | Windhoek | Walvis Bay, Swakopmund, Oshakati
NRU | Nauru | | Nauruan, Nauruans | Yaren
NPL | Nepal | | Nepali, Nepalis, Nepalese | Kathmandu | Pokhara, Lalitpur, Biratnagar, Bharatpur, Birgunj | Singha Durbar
NLD | Netherlands | the Netherlands, Holland | Dutch, Dutchman, Dutchmen, Netherlander, Netherlanders | Amsterdam, The Hague / Den Haag | Rotterdam, Utrecht, Eindhoven, Groningen, Maastricht | the Binnenhof
NZL | New Zealand | Aotearoa | New Zealander, New Zealanders, Kiwi, Kiwis | Wellington | Auckland, Christchurch, Dunedin | the Beehive
NIC | Nicaragua | | Nicaraguan, Nicaraguans | Managua | Leon / León, Granada, Masaya, Matagalpa
NER | Niger | | Nigerien, Nigeriens | Niamey | Zinder, Maradi, Agadez, Tahoua, Diffa | | Tillaberi / Tillabéri
NGA | Nigeria | | Nigerian, Nigerians | Abuja | Lagos, Kano, Ibadan, Port Harcourt, Maiduguri, Kaduna, Benin City, Jos, Enugu, Zaria | Aso Rock, Aso Villa | Borno, Niger Delta, Biafra, Zamfara, Kaduna State, Plateau State
MKD | North Macedonia | Macedonia, Republic of North Macedonia, FYROM, Former Yugoslav Republic of Macedonia | Macedonian, Macedonians, North Macedonian, North Macedonians | Skopje | Bitola, Kumanovo, Tetovo, Ohrid
NOR | Norway | Norge | Norwegian, Norwegians | Oslo | Bergen, Trondheim, Stavanger, Tromso / Tromsø | the Storting=LEG | Svalbard
OMN | Oman | Sultanate of Oman | Omani, Omanis | Muscat | Salalah, Sohar, Duqm, Nizwa
PAK | Pakistan | | Pakistani, Pakistanis | Islamabad | Karachi, Lahore, Rawalpindi, Peshawar, Quetta, Faisalabad, Multan, Hyderabad, Gwadar, Abbottabad | GHQ Rawalpindi=MIL | Punjab, Sindh, Balochistan / Baluchistan, Khyber Pakhtunkhwa, Waziristan, North Waziristan, South Waziristan, Azad Kashmir, Gilgit-Baltistan, Swat
PLW | Palau | | Palauan, Palauans | Ngerulmud | Koror
PSE | Palestine | State of Palestine, the Palestinian territories, the Palestinian Territories, Occupied Palestinian Territories, occupied Palestinian territories, Palestinian Territory, Gaza, Gaza Strip, the Gaza Strip, West Bank, the West Bank, the occupied West Bank | Palestinian, Palestinians | Ramallah, East Jerusalem | Gaza City, Hebron / Al-Khalil, Nablus, Jenin, Bethlehem, Khan Younis / Khan Yunis, Rafah, Jericho, Tulkarm, Qalqilya, Deir al-Balah, Jabalia | the Muqata / the Muqataa / the Mukataa
PAN | Panama | | Panamanian, Panamanians | Panama City | Colon / Colón, Balboa
PNG | Papua New Guinea | PNG | Papua New Guinean, Papua New Guineans | Port Moresby | Lae, Mount Hagen | | Bougainville
PRY | Paraguay | | Paraguayan, Paraguayans | Asuncion / Asunción | Ciudad del Este, Encarnacion / Encarnación
PER | Peru | | Peruvian, Peruvians | Lima | Arequipa, Cusco / Cuzco, Trujillo, Chiclayo, Iquitos, Puno | Palacio de Gobierno
PHL | Philippines | the Philippines | Filipino, Filipinos, Filipina, Filipinas, Philippine | Manila | Quezon City, Davao, Cebu, Zamboanga, Marawi, Cotabato, Makati | Malacanang / Malacañang, Malacanang Palace / Malacañang Palace | Mindanao, Luzon, Visayas, Sulu, Bangsamoro
POL | Poland | Polska | Polish, Poles | Warsaw / Warszawa | Krakow / Kraków / Cracow, Lodz / Łódź, Wroclaw / Wrocław, Poznan / Poznań, Gdansk / Gdańsk, Szczecin, Lublin, Rzeszow / Rzeszów, Przemysl / Przemyśl | Belweder, the Sejm=LEG
PRT | Portugal | | Portuguese | Lisbon / Lisboa | Porto / Oporto, Braga, Coimbra, Faro, Funchal | Sao Bento / São Bento, Belem Palace / Belém Palace | Azores, Madeira
QAT | Qatar | | Qatari, Qataris | Doha | Al Rayyan, Al Wakrah, Al Udeid
ROU | Romania | Rumania, Roumania | Romanian, Romanians | Bucharest | Cluj-Napoca / Cluj, Timisoara / Timișoara, Iasi / Iași, Constanta / Constanța, Brasov / Brașov, Galati | Cotroceni, Cotroceni Palace, Victoria Palace | Transylvania
RUS | Russia | Russian Federation, the Russian Federation, Rossiya | Russian, Russians | Moscow | Saint Petersburg / St. Petersburg / St Petersburg / Petersburg / Leningrad, Novosibirsk, Yekaterinburg, Kazan, Nizhny Novgorod, Vladivostok, Sochi, Kaliningrad, Rostov-on-Don / Rostov, Volgograd / Stalingrad, Murmansk, Grozny, Krasnodar, Samara, Belgorod, Kursk, Bryansk | the Kremlin, the Duma=LEG, State Duma=LEG, the Lubyanka=SPY, Smolenskaya Square | Chechnya, Dagestan, Siberia, Tatarstan, Ingushetia, North Caucasus, Bashkortostan, Yakutia, Kamchatka, Chukotka
RWA | Rwanda | | Rwandan, Rwandans, Rwandese | Kigali | Butare / Huye, Gisenyi / Rubavu, Ruhengeri / Musanze, Gitarama
KNA | Saint Kitts and Nevis | St. Kitts and Nevis, St Kitts | Kittitian, Kittitians | Basseterre
LCA | Saint Lucia | St. Lucia, St Lucia | Saint Lucian, Saint Lucians, St. Lucian | Castries
VCT | Saint Vincent and the Grenadines | St. Vincent, St Vincent, Saint Vincent | Vincentian, Vincentians | Kingstown
WSM | Samoa | Western Samoa | Samoan, Samoans | Apia
SMR | San Marino | | Sammarinese | San Marino City / City of San Marino
STP | Sao Tome and Principe | São Tomé and Príncipe, Sao Tome | Sao Tomean, Sao Tomeans | Sao Tome / São Tomé
SAU | Saudi Arabia | KSA | Saudi, Saudis, Saudi Arabian, Saudi Arabians | Riyadh | Jeddah / Jidda, Mecca / Makkah, Medina / Madinah, Dammam, Dhahran, Taif, Abha, Jizan / Jazan, Neom, Khobar, Tabuk, Yanbu | Yamama Palace, Al-Yamamah Palace | Qatif, Hejaz
SEN | Senegal | | Senegalese | Dakar | Touba, Thies / Thiès, Saint-Louis, Ziguinchor, Kaolack | | Casamance
SRB | Serbia | | Serbian, Serbians, Serb, Serbs | Belgrade / Beograd | Novi Sad, Nis / Niš, Kragujevac, Subotica | | Vojvodina, Sandzak / Sandžak
SYC | Seychelles | the Seychelles | Seychellois |
SLE | Sierra Leone | | Sierra Leonean, Sierra Leoneans | Freetown | Kenema, Makeni, Koidu
SGP | Singapore | | Singaporean, Singaporeans | Singapore | | the Istana
SVK | Slovakia | Slovak Republic | Slovak, Slovaks, Slovakian | Bratislava | Kosice / Košice, Presov / Prešov, Zilina / Žilina, Nitra
SVN | Slovenia | | Slovenian, Slovenians, Slovene, Slovenes | Ljubljana | Maribor, Celje, Koper
SLB | Solomon Islands | the Solomon Islands, the Solomons | Solomon Islander, Solomon Islanders | Honiara | | | Guadalcanal, Malaita
SOM | Somalia | Somali Republic | Somali, Somalis, Somalian, Somalians | Mogadishu | Hargeisa, Kismayo, Baidoa, Bosaso, Beledweyne, Galkayo, Garowe, Berbera | Villa Somalia | Somaliland, Puntland, Jubaland, Gedo, Lower Shabelle
ZAF | South Africa | Republic of South Africa, RSA, Mzansi | South African, South Africans | Pretoria / Tshwane, Cape Town, Bloemfontein | Johannesburg / Joburg, Durban, Port Elizabeth / Gqeberha, Soweto, East London, Pietermaritzburg, Polokwane, Kimberley | the Union Buildings, Tuynhuys | Gauteng, KwaZulu-Natal, Western Cape, Eastern Cape, Limpopo, Mpumalanga
SSD | South Sudan | Republic of South Sudan | South Sudanese | Juba | Malakal, Wau, Bor, Bentiu, Yei, Renk, Rumbek | | Jonglei, Unity State, Upper Nile, Abyei
ESP | Spain | España, Espana | Spanish, Spaniard, Spaniards | Madrid | Barcelona, Valencia, Seville / Sevilla, Zaragoza, Malaga / Málaga, Bilbao, Palma, Las Palmas, Ceuta, Melilla, San Sebastian / San Sebastián | La Moncloa / Moncloa / Moncloa Palace, the Cortes=LEG, Zarzuela, Zarzuela Palace | Catalonia / Catalunya, Basque Country, Andalusia / Andalucia, Galicia, Canary Islands / the Canaries, Balearic Islands
LKA | Sri Lanka | Ceylon | Sri Lankan, Sri Lankans, Sinhalese | Colombo, Sri Jayawardenepura Kotte / Kotte | Kandy, Jaffna, Galle, Trincomalee, Batticaloa | Temple Trees
SDN | Sudan | Republic of the Sudan, the Sudan | Sudanese | Khartoum | Omdurman, Port Sudan, El Fasher / al-Fashir, Nyala, Wad Madani, Kassala, El Geneina / Geneina, El Obeid, Atbara | Republican Palace | Darfur, North Darfur, South Darfur, West Darfur, Kordofan, South Kordofan, Blue Nile, Gezira
SUR | Suriname | Surinam, Dutch Guiana | Surinamese, Surinamer, Surinamers | Paramaribo
SWE | Sweden | Sverige | Swedish, Swede, Swedes | Stockholm | Gothenburg / Goteborg / Göteborg, Malmo / Malmö, Uppsala, Vasteras | Rosenbad, the Riksdag=LEG | Gotland, Lapland
CHE | Switzerland | Swiss Confederation, Confoederatio Helvetica, Suisse, Schweiz, Svizzera | Swiss | Bern / Berne | Zurich / Zürich, Geneva / Genève / Geneve, Basel / Basle, Lausanne, Lucerne / Luzern, Lugano, Davos | the Federal Palace, Bundeshaus
SYR | Syria | Syrian Arab Republic | Syrian, Syrians | Damascus | Aleppo, Homs, Hama, Latakia, Idlib, Deir ez-Zor / Deir el-Zour / Deir al-Zor, Raqqa / Raqqah, Daraa / Deraa, Tartus, Qamishli, Kobani, Palmyra, Douma, Afrin, Manbij, Ghouta | | Golan Heights / the Golan, Rojava, Idlib province, Eastern Ghouta
TWN | Taiwan | Republic of China, ROC, R.O.C., Formosa, Chinese Taipei | Taiwanese | Taipei | Kaohsiung, Taichung, Tainan, Taoyuan, Hsinchu, Keelung | the Presidential Office Building | Kinmen, Matsu, Penghu
TJK | Tajikistan | | Tajik, Tajiks, Tajikistani | Dushanbe | Khujand, Kulob, Khorog | | Gorno-Badakhshan
TZA | Tanzania | United Republic of Tanzania, Tanganyika | Tanzanian, Tanzanians | Dodoma, Dar es Salaam | Mwanza, Arusha, Zanzibar City, Mbeya, Morogoro, Tanga | State House Dar es Salaam | Zanzibar, Pemba Island
THA | Thailand | Siam | Thai, Thais | Bangkok / Krung Thep | Chiang Mai, Pattaya, Phuket, Hat Yai, Nakhon Ratchasima / Korat, Udon Thani, Pattani, Yala, Narathiwat | the Grand Palace
TLS | East Timor | Timor-Leste, Timor Leste | East Timorese, Timorese | Dili | Baucau, Suai
TGO | Togo | Togolese Republic | Togolese | Lome / Lomé | Sokode / Sokodé, Kpalime / Kpalimé
TON | Tonga | | Tongan, Tongans | Nuku'alofa / Nukualofa
TTO | Trinidad and Tobago | Trinidad, Trinidad & Tobago | Trinidadian, Trinidadians, Tobagonian, Trinbagonian | Port of Spain | San Fernando, Chaguanas, Arima
TUN | Tunisia | | Tunisian, Tunisians | Tunis | Sfax, Sousse, Kairouan, Bizerte, Gabes / Gabès, Sidi Bouzid, Ben Guerdane, Djerba | Carthage, Carthage Palace
TUR | Turkey | Türkiye, Turkiye, Republic of Turkey | Turkish, Turk, Turks | Ankara | Istanbul, Izmir / İzmir, Bursa, Antalya, Adana, Gaziantep, Konya, Diyarbakir / Diyarbakır, Mersin, Kayseri, Sanliurfa / Şanlıurfa / Urfa, Hatay, Kahramanmaras / Kahramanmaraş, Incirlik / İncirlik | Cankaya / Çankaya, Bestepe / Beştepe, Dolmabahce / Dolmabahçe | Anatolia, Kurdistan region of Turkey, Southeast Turkey
TKM | Turkmenistan | Turkmenia | Turkmen, Turkmens, Turkmenistani | Ashgabat / Ashkhabad | Turkmenabat, Dashoguz, Turkmenbashi
TUV | Tuvalu | | Tuvaluan, Tuvaluans | Funafuti
UGA | Uganda | | Ugandan, Ugandans | Kampala | Entebbe, Gulu, Jinja, Mbarara, Mbale, Kasese, Arua, Lira | State House Entebbe | Karamoja, Buganda
UKR | Ukraine | the Ukraine | Ukrainian, Ukrainians | Kyiv / Kiev | Kharkiv / Kharkov, Odesa / Odessa, Lviv / Lvov / Lwow / Lemberg, Dnipro / Dnipropetrovsk, Zaporizhzhia / Zaporizhzhya / Zaporozhye / Zaporizhia, Mariupol, Kherson, Donetsk, Luhansk / Lugansk, Mykolaiv / Nikolaev / Mykolayiv, Bakhmut / Artemivsk, Sevastopol, Simferopol, Chernihiv, Sumy, Poltava, Avdiivka, Kramatorsk, Sloviansk, Irpin, Bucha, Izium / Izyum, Melitopol, Enerhodar / Energodar, Chernobyl / Chornobyl | Bankova, the Verkhovna Rada=LEG, the Rada=LEG, Mariinskyi Palace / Mariinsky Palace | Crimea, Donbas / Donbass, Donetsk region / Donetsk Oblast, Luhansk region / Luhansk Oblast, Kherson region, Zaporizhzhia region, Kharkiv region, Kursk region
ARE | United Arab Emirates | UAE, U.A.E., the Emirates, Emirates | Emirati, Emiratis | Abu Dhabi | Dubai, Sharjah, Ajman, Fujairah, Ras al-Khaimah / Ras Al Khaimah | Qasr Al Watan, Al Watan Palace
GBR | Britain | United Kingdom, UK, U.K., Great Britain, United Kingdom of Great Britain and Northern Ireland, Blighty | British, Briton, Britons, Brit, Brits | London | Manchester, Birmingham, Glasgow, Edinburgh, Liverpool, Belfast, Leeds, Bristol, Cardiff, Sheffield, Newcastle, Salisbury, Dover | Downing Street, Number 10 / No 10 / No. 10 / Number Ten, Whitehall, the Foreign Office / Foreign Office, Westminster=LEG, the Houses of Parliament=LEG, Buckingham Palace, Vauxhall Cross=SPY, Thames House=SPY, Northwood=MIL | England, Scotland, Wales, Northern Ireland, Ulster, Yorkshire, Cornwall
USA | United States | United States of America, US, U.S., USA, U.S.A., America | American, Americans | Washington / Washington DC / Washington D.C. | New York / New York City / NYC, Los Angeles / L.A., Chicago, Houston, Philadelphia, Phoenix, San Francisco, Miami, Boston, Seattle, Atlanta, Dallas, Detroit, Las Vegas, New Orleans, Denver, San Diego, Baltimore, Minneapolis, Pittsburgh, Honolulu, Anchorage, El Paso | the White House, the Oval Office, the West Wing, the Pentagon=MIL, Foggy Bottom, State Department, Capitol Hill=LEG, the Capitol=LEG, Langley=SPY, Camp David, Mar-a-Lago, Fort Meade=SPY | Alabama, Alaska, Arizona, Arkansas, California, Colorado, Connecticut, Delaware, Florida, Hawaii, Idaho, Illinois, Indiana, Iowa, Kansas, Kentucky, Louisiana, Maine, Maryland, Massachusetts, Michigan, Minnesota, Mississippi, Missouri, Montana, Nebraska, Nevada, New Hampshire, New Jersey, New Mexico, New York State, North Carolina, North Dakota, Ohio, Oklahoma, Oregon, Pennsylvania, Rhode Island, South Carolina, South Dakota, Tennessee, Texas, Utah, Vermont, Virginia, Washington State, West Virginia, Wisconsin, Wyoming, Guantanamo Bay
URY | Uruguay | | Uruguayan, Uruguayans | Montevideo | Salto, Punta del Este, Paysandu
UZB | Uzbekistan | | Uzbek, Uzbeks, Uzbekistani | Tashkent | Samarkand, Bukhara, Namangan, Andijan, Fergana, Nukus, Termez | | Karakalpakstan, Fergana Valley
VUT | Vanuatu | New Hebrides | Ni-Vanuatu, Vanuatuan | Port Vila | Luganville
VAT | Vatican | Vatican City, Holy See, the Holy See, Vatican City State | Vatican | Vatican City | | the Apostolic Palace, St. Peter's / Saint Peter's
VEN | Venezuela | Bolivarian Republic of Venezuela | Venezuelan, Venezuelans | Caracas | Maracaibo, Valencia, Barquisimeto, Maracay, Ciudad Guayana, San Cristobal / San Cristóbal, Maturin | Miraflores, Miraflores Palace | Zulia, Tachira / Táchira
VNM | Vietnam | Viet Nam, Socialist Republic of Vietnam | Vietnamese | Hanoi / Ha Noi | Ho Chi Minh City / Saigon, Da Nang / Danang, Haiphong / Hai Phong, Can Tho, Nha Trang, Cam Ranh | Ba Dinh
YEM | Yemen | | Yemeni, Yemenis, Yemenite | Sanaa / Sana'a / Sana, Aden | Taiz / Taizz, Hodeidah / Hudaydah / Hodeida, Mukalla, Marib / Ma'rib, Saada / Sa'ada, Ibb, Dhamar | | Hadramawt / Hadramout, Shabwa, Abyan, Socotra, Bab el-Mandeb
ZMB | Zambia | Northern Rhodesia | Zambian, Zambians | Lusaka | Ndola, Kitwe, Livingstone, Kabwe | State House Lusaka | Copperbelt
ZWE | Zimbabwe | Rhodesia, Southern Rhodesia | Zimbabwean, Zimbabweans | Harare | Bulawayo, Mutare, Gweru, Masvingo | State House Harare, Munhumutapa Building | Matabeleland, Mashonaland, Manicaland
HKG | Hong Kong | HK, Hong Kong SAR, Hongkong | Hong Konger, Hong Kongers, Hongkonger, Hongkongers | Hong Kong | Kowloon, Tsim Sha Tsui, Wan Chai | LegCo=LEG
MAC | Macau | Macao, Macao SAR, Macau SAR | Macanese | Macau
PRI | Puerto Rico | | Puerto Rican, Puerto Ricans | San Juan | Ponce, Bayamon / Bayamón, Mayaguez
GRL | Greenland | Kalaallit Nunaat | Greenlandic, Greenlander, Greenlanders | Nuuk / Godthab | Sisimiut, Ilulissat | | Thule, Pituffik
ESH | Western Sahara | Sahrawi Arab Democratic Republic, SADR, Spanish Sahara | Sahrawi, Sahrawis, Saharawi, Saharawis | Laayoune / El Aaiun | Dakhla, Smara, Tifariti
FLK | Falkland Islands | the Falklands, Falklands, Malvinas, Islas Malvinas | Falkland Islander, Falkland Islanders | Port Stanley
GIB | Gibraltar | the Rock | Gibraltarian, Gibraltarians | Gibraltar
BMU | Bermuda | | Bermudian, Bermudians
CYM | Cayman Islands | the Caymans | Caymanian, Caymanians | George Town
NCL | New Caledonia | Kanaky | New Caledonian, New Caledonians, Kanak, Kanaks | Noumea / Nouméa
PYF | French Polynesia | Tahiti | French Polynesian, Tahitian, Tahitians | Papeete
GUM | Guam | Guahan | Guamanian, Chamorro | Hagatna / Hagåtña / Agana
"""

# Regions used as actors (CAMEO region codes).
REGIONS = r"""
EUR | Europe | the European continent, continental Europe | European, Europeans
MEA | Middle East | Mideast, the Middle East, the Near East, Near East, the Levant, MENA | Middle Eastern
AFR | Africa | the African continent, sub-Saharan Africa | African, Africans
ASA | Asia | the Asian continent, Asia-Pacific, Asia Pacific | Asian, Asians
LAM | Latin America | Latin American countries, South and Central America, Central America | Latin American, Latin Americans
WST | the West | Western countries, Western nations, Western powers, Western governments, Western allies | Western, Westerners
NMR | North America | | North American, North Americans
SAM | South America | | South American, South Americans
SAS | South Asia | the Indian subcontinent | South Asian, South Asians
SEA | Southeast Asia | South-East Asia, South East Asia | Southeast Asian, Southeast Asians
CAS | Central Asia | | Central Asian, Central Asians
EEU | Eastern Europe | Central and Eastern Europe, the Eastern bloc | Eastern European, Eastern Europeans
WAF | West Africa | | West African, West Africans
EAF | East Africa | the Horn of Africa, Horn of Africa | East African, East Africans
NAF | North Africa | the Maghreb, Maghreb | North African, North Africans, Maghrebi
SAF | Southern Africa | | Southern African
BLK | the Balkans | Balkans, the Western Balkans, Western Balkans | Balkan
CAU | the Caucasus | Caucasus, the South Caucasus, South Caucasus, Transcaucasia |
CRB | the Caribbean | Caribbean, the West Indies, West Indies | Caribbean, West Indian, West Indians
PGS | the Gulf | Persian Gulf, the Persian Gulf, Gulf states, the Gulf states, Arabian Gulf, the Arabian Gulf | Gulf
MDT | the Mediterranean | Mediterranean, the Mediterranean region | Mediterranean
SCN | Scandinavia | the Nordic countries, Nordic countries, the Nordics | Scandinavian, Scandinavians, Nordic
"""

FIELDS = ("code", "name", "names", "demonyms", "capitals", "cities", "seats", "areas")


def _items(field: str) -> list[list[str]]:
    """``"Kyiv / Kiev, Lviv"`` -> ``[["Kyiv", "Kiev"], ["Lviv"]]``."""
    out = []
    for item in field.split(", "):
        group = [s.strip() for s in item.split(" / ") if s.strip()]
        if group:
            out.append(group)
    return out


def _flat_or_groups(groups: list[list[str]]) -> list[object]:
    return [g[0] if len(g) == 1 else g for g in groups]


def _seats(field: str) -> list[object]:
    seats: list[object] = []
    for group in _items(field):
        for spelling in group:  # spellings of a seat are separate seats of the same sector
            name, _, rest = spelling.partition("=")
            sector, _, city = rest.partition("@")
            seat: object = name.strip()
            if sector or city:
                seat = {"name": name.strip(), "sector": sector or "GOV"} | ({"city": city} if city else {})
            if seat not in seats:
                seats.append(seat)
    return seats


def _parse(table: str) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for line in table.strip().splitlines():
        cells = [c.strip() for c in line.split("|")]
        cells += [""] * (len(FIELDS) - len(cells))
        if len(cells) > len(FIELDS):
            sys.exit(f"too many fields: {line}")
        row = dict(zip(FIELDS, cells, strict=True))
        if row["code"] in rows:
            sys.exit(f"duplicate code {row['code']}")
        rows[row["code"]] = row
    return rows


def _entry(
    code: str, iso2: str | None, base_names: list[str], row: dict[str, str] | None
) -> dict[str, object]:
    row = row or {}
    name = row.get("name") or base_names[0]
    names = [
        n
        for n in [*base_names, *(s for g in _items(row.get("names", "")) for s in g)]
        if n != name and "," not in n and n not in SKIP_NAMES
    ]
    entry: dict[str, object] = {"code": code, "iso2": iso2, "name": name}
    if names:
        entry["names"] = list(dict.fromkeys(names))
    for key in ("demonyms",):
        values = [s for g in _items(row.get(key, "")) for s in g]
        if values:
            entry[key] = values
    for key in ("capitals", "cities", "areas"):
        groups = _items(row.get(key, ""))
        if groups:
            entry[key] = _flat_or_groups(groups)
    seats = _seats(row.get("seats", ""))
    if seats:
        entry["seats"] = seats
    if code in ALT_CODES:
        entry["alt_codes"] = ALT_CODES[code]
    return entry


HEADER = """\
# Countries, territories and regions, for Tacitus actor resolution and place names.
#
# GENERATED by tools/build_countries.py: edit the tables there and re-run it.
#
# Sources and licence: the list of countries and territories, their ISO 3166-1 alpha-3 and
# alpha-2 codes and official names come from pycountry (data from Debian's iso-codes, LGPL-2.1).
# Everything else (informal names, demonyms, capitals, seats of power, cities, provinces,
# regions) was written for Tacitus from public knowledge, checked against Wikipedia's lists of
# capitals, of demonyms and the countries' articles; it is MIT-licensed like the repository.
#
# Codes: `code` is the ISO alpha-3 code, which CAMEO uses, except Kosovo (XKX, the EU/World Bank
# user-assigned code; CAMEO/Phoenix write KSV). Palestine is PSE in both. `alt_codes` lists old
# CAMEO codes (JAP, ITL, ROM ...) seen in CAMEO-era data. Regions (`kind: region`) use CAMEO's
# region codes: EUR, MEA, AFR, ASA, LAM, WST ...
# Places follow internationally recognised borders: Crimea and Donbas are in UKR, the Golan in
# SYR, East Jerusalem in PSE (Jerusalem, as Israel's seat of government, is ISR's capital).
#
# Fields: code, iso2, name, names (official, short, informal), demonyms (adjective and people),
# capitals, cities, areas (provinces, states: places only, never actors), seats (seats of power
# standing for the government: a name, or {name, sector, city}; sector defaults to GOV, city to
# the first capital). In capitals/cities/areas a nested list holds spellings of one place, the
# first being its canonical name.
"""


def build() -> str:
    rows = _parse(COUNTRIES)
    regions = _parse(REGIONS)
    entries: list[dict[str, object]] = []
    seen: set[str] = set()
    for c in sorted(pycountry.countries, key=lambda c: c.name):
        base = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
        base_names = [n for n in dict.fromkeys(base) if n]
        entries.append(_entry(c.alpha_3, c.alpha_2, base_names, rows.get(c.alpha_3)))
        seen.add(c.alpha_3)
    for code, (iso2, name, official) in EXTRA_COUNTRIES.items():
        entries.append(_entry(code, iso2, [name, official], rows.get(code)))
        seen.add(code)
    missing = set(rows) - seen
    if missing:
        sys.exit(f"table codes not in pycountry: {sorted(missing)}")
    entries.sort(key=lambda e: str(e["name"]))
    for code, row in regions.items():
        e = _entry(code, None, [row["name"]], row)
        del e["iso2"]
        entries.append({"kind": "region", **e})
    body = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None)
    return HEADER + "\n" + body


def main() -> None:
    OUT.write_text(build(), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
